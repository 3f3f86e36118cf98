// All SQL of the reminder scheduler. One statement looks across users, as task_scheduler (it
// sees only ids and fire times of pending reminders: migration 0008); everything else runs in the
// user's own transaction under row-level security, like a request. The schedule itself is kept
// by the tasks' triggers; this only reads it, claims due rows and marks them fired.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { reminderDeliveries, syncCounters, taskReminders, tasks } from '../db/schema.js';
import { compileSql, placeholder as p } from '../db/statement.js';
import { CHANGES_CHANNEL } from '../sync/change-signals.js';

export interface DueReminder {
  user_id: string;
  id: string;
}

/** A due reminder, claimed (row locked) with what its delivery says. */
export interface ClaimedReminder {
  id: string;
  task_id: string;
  occurrence: Date;
  fire_at: Date;
  title: string;
  due_date: Date | null;
}

export interface Delivery {
  reminderId: string;
  occurrence: Date;
  taskId: string;
  title: string;
  dueDate: Date | null;
  late: boolean;
}

const DUE = compileSql<{ now: Date; limit: number }>(sql`select ${taskReminders.userId}, ${taskReminders.id} from ${taskReminders}
  where ${taskReminders.fireAt} <= ${p('now')}::timestamptz order by ${taskReminders.fireAt} limit ${p('limit')}`);

/**
 * The user's change counter, locked to commit: deliveries take the user's next change numbers,
 * and the lock is taken first, as every request transaction takes it (no deadlock). SKIP LOCKED:
 * a user busy writing is visited on the next round instead of holding the scheduler up.
 */
const LOCK_COUNTER = compileSql<{ userId: string }>(sql`select ${syncCounters.lastSeq}::float8 as last_seq from ${syncCounters}
  where ${syncCounters.userId} = ${p('userId')} for update skip locked`);
const NEW_COUNTER = compileSql<{ userId: string }>(sql`insert into ${syncCounters} (user_id) values (${p('userId')})
  on conflict (user_id) do nothing returning ${syncCounters.lastSeq}::float8 as last_seq`);

/** Still due (another instance may have fired them since the look), locked to commit; locked ones are another instance's. */
const CLAIM = compileSql<{ userId: string; ids: string[]; now: Date }>(sql`select r.id, r.task_id, r.occurrence, r.fire_at, t.title, t.due_date
  from ${taskReminders} r join ${tasks} t on t.user_id = r.user_id and t.id = r.task_id
  where r.user_id = ${p('userId')} and r.id = any(${p('ids')}::uuid[]) and r.fire_at <= ${p('now')}::timestamptz
  order by r.fire_at for update of r skip locked`);

/** Numbered after `seq`, in order; a reminder already delivered for that occurrence is not delivered again. */
const DELIVER = compileSql<{ userId: string; seq: number; now: Date; reminderIds: string[]; occurrences: Date[]; taskIds: string[]; titles: string[]; dueDates: (Date | null)[]; late: boolean[] }>(sql`
  insert into ${reminderDeliveries} (user_id, seq, reminder_id, occurrence, task_id, title, due_date, late, delivered_at)
  select ${p('userId')}, ${p('seq')}::bigint + d.n, d.reminder_id, d.occurrence, d.task_id, d.title, d.due_date, d.late, ${p('now')}::timestamptz
  from unnest(${p('reminderIds')}::uuid[], ${p('occurrences')}::timestamptz[], ${p('taskIds')}::uuid[], ${p('titles')}::text[],
    ${p('dueDates')}::timestamptz[], ${p('late')}::boolean[]) with ordinality as d(reminder_id, occurrence, task_id, title, due_date, late, n)
  on conflict (user_id, reminder_id, occurrence) do nothing`);

const ADVANCE_COUNTER = compileSql<{ userId: string; top: number }>(sql`update ${syncCounters} set last_seq = ${p('top')}::bigint where ${syncCounters.userId} = ${p('userId')}`);

const MARK_FIRED = compileSql<{ userId: string; ids: string[] }>(sql`update ${taskReminders} set fired_for = occurrence, fire_at = null
  where ${taskReminders.userId} = ${p('userId')} and ${taskReminders.id} = any(${p('ids')}::uuid[])`);

/** Deliveries are for streams that were briefly away (Last-Event-ID); a day later (by the scheduler's clock, as delivered_at) they are history. */
const PRUNE = compileSql<{ userId: string; before: Date }>(sql`delete from ${reminderDeliveries}
  where ${reminderDeliveries.userId} = ${p('userId')} and ${reminderDeliveries.deliveredAt} < ${p('before')}::timestamptz`);

const NOTIFY = compileSql<{ payload: string }>(sql`select pg_notify(${CHANGES_CHANNEL}, ${p('payload')})`);

export class RemindersRepository {
  constructor(private readonly tx: RequestTx) {}

  /** As task_scheduler: pending reminders due by now, across users, oldest first. */
  due(now: Date, limit: number): Promise<DueReminder[]> {
    return this.tx.query<DueReminder>(DUE.with({ now, limit }));
  }

  /** The user's last change number, locked; undefined when another transaction holds it. */
  async lockCounter(userId: string): Promise<number | undefined> {
    const [row] = await this.tx.query<{ last_seq: number }>(LOCK_COUNTER.with({ userId }));
    if (row) return row.last_seq;
    const [created] = await this.tx.query<{ last_seq: number }>(NEW_COUNTER.with({ userId }));
    return created?.last_seq;
  }

  claim(userId: string, ids: string[], now: Date): Promise<ClaimedReminder[]> {
    return this.tx.query<ClaimedReminder>(CLAIM.with({ userId, ids, now }));
  }

  /** Records the deliveries after `seq` and marks every claimed reminder fired (or skipped) for its occurrence. */
  async deliver(userId: string, seq: number, now: Date, deliveries: Delivery[], claimedIds: string[]): Promise<void> {
    if (deliveries.length > 0) {
      await this.tx.query(DELIVER.with({
        userId, seq, now,
        reminderIds: deliveries.map((d) => d.reminderId),
        occurrences: deliveries.map((d) => d.occurrence),
        taskIds: deliveries.map((d) => d.taskId),
        titles: deliveries.map((d) => d.title),
        dueDates: deliveries.map((d) => d.dueDate),
        late: deliveries.map((d) => d.late),
      }));
      await this.tx.query(ADVANCE_COUNTER.with({ userId, top: seq + deliveries.length }));
    }
    await this.tx.query(MARK_FIRED.with({ userId, ids: claimedIds }));
  }

  async prune(userId: string, before: Date): Promise<void> {
    await this.tx.query(PRUNE.with({ userId, before }));
  }

  /** Wakes the user's streams on every instance (delivered at commit, as the change triggers' own). */
  async notify(userId: string, top: number): Promise<void> {
    await this.tx.query(NOTIFY.with({ payload: `${userId}:${top}` }));
  }
}
