// All SQL about lists. Every statement filters on the user id, and the request's transaction adds
// row-level security behind it (as for tasks). The counts are computed on read from the tasks
// (an index range per list), so they are right after every write without being maintained.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { sqlState } from '../db/errors.js';
import { lists, tasks } from '../db/schema.js';
import { compileSql, placeholder as p, StatementCache } from '../db/statement.js';
import { MissingReferenceError, PositionTakenError } from '../errors.js';
import { FIRST_KEY } from '../order-keys.js';

export interface ListRecord {
  id: string;
  user_id: string;
  name: string;
  color: string | null;
  is_inbox: boolean;
  position: string;
  open_count: number;
  task_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ListChanges {
  name?: string;
  color?: string | null;
  position?: string;
}

const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';
const INBOX_NAME = 'Inbox';

const COLUMNS = sql`${lists.id}, ${lists.userId}, ${lists.name}, ${lists.color}, ${lists.isInbox}, ${lists.position}, ${lists.version}, ${lists.createdAt}, ${lists.updatedAt}`;
/** The counts of one list's tasks, subtasks included: a range of tasks_sibling_position_key. */
const COUNTS = sql`(select count(*) filter (where not ${tasks.isCompleted})::int as open_count, count(*)::int as task_count
  from ${tasks} where ${tasks.userId} = ${lists.userId} and ${tasks.listId} = ${lists.id}) counts on true`;
const withCounts = (where: ReturnType<typeof sql>) =>
  sql`select ${COLUMNS}, counts.open_count, counts.task_count from ${lists} left join lateral ${COUNTS} where ${where}`;

const ALL = compileSql<{ userId: string }>(sql`${withCounts(sql`${lists.userId} = ${p('userId')}`)} order by ${lists.isInbox} desc, ${lists.position}`);
const FIND = compileSql<{ userId: string; id: string }>(withCounts(sql`${lists.userId} = ${p('userId')} and ${lists.id} = ${p('id')}`));
const FIND_MANY = compileSql<{ userId: string; ids: string[] }>(withCounts(sql`${lists.userId} = ${p('userId')} and ${lists.id} = any(${p('ids')}::uuid[])`));
const INBOX_ID = compileSql<{ userId: string }>(sql`select ${lists.id} from ${lists} where ${lists.userId} = ${p('userId')} and ${lists.isInbox}`);
const ENSURE_INBOX = compileSql<{ userId: string }>(sql`insert into ${lists} (user_id, name, is_inbox, position)
  values (${p('userId')}, ${INBOX_NAME}, true, ${FIRST_KEY}) on conflict (user_id) where is_inbox do nothing`);
/** The last list's position (never before the Inbox's key) and how many lists there are. */
const TAIL = compileSql<{ userId: string }>(sql`select coalesce(max(${lists.position}), ${FIRST_KEY}) as last, count(*)::int as n
  from ${lists} where ${lists.userId} = ${p('userId')}`);
const INSERT = compileSql<{ userId: string; name: string; color: string | null; position: string }>(sql`insert into ${lists} (user_id, name, color, position)
  values (${p('userId')}, ${p('name')}, ${p('color')}, ${p('position')})
  returning ${COLUMNS}, 0 as open_count, 0 as task_count`);
/** A neighbour and the position on its far side: what a list placed after (or before) it goes between. */
const AFTER = compileSql<{ userId: string; id: string; moving: string }>(sql`select n.position, n.is_inbox,
  (select min(${lists.position}) from ${lists} where ${lists.userId} = ${p('userId')} and ${lists.position} > n.position and ${lists.id} <> ${p('moving')}) as beyond
  from ${lists} n where n.user_id = ${p('userId')} and n.id = ${p('id')}`);
const BEFORE = compileSql<{ userId: string; id: string; moving: string }>(sql`select n.position, n.is_inbox,
  (select max(${lists.position}) from ${lists} where ${lists.userId} = ${p('userId')} and ${lists.position} < n.position and ${lists.id} <> ${p('moving')}) as beyond
  from ${lists} n where n.user_id = ${p('userId')} and n.id = ${p('id')}`);
const deleteStatement = (withVersions: boolean) =>
  compileSql<{ userId: string; id: string; versions?: number[] | undefined }>(sql`delete from ${lists}
    where ${lists.userId} = ${p('userId')} and ${lists.id} = ${p('id')} and not ${lists.isInbox}
    ${withVersions ? sql`and ${lists.version} = any(${p('versions')}::integer[])` : sql``} returning ${lists.id}`);
const DELETE = [deleteStatement(false), deleteStatement(true)] as const;
const updates = new StatementCache<ListChanges & { userId: string; id: string; versions?: number[] | undefined }>();

export interface Neighbour {
  position: string;
  is_inbox: boolean;
  /** The next position past the neighbour (after: the next list; before: the previous), or null. */
  beyond: string | null;
}

export class ListsRepository {
  constructor(private readonly tx: RequestTx) {}

  all(userId: string): Promise<ListRecord[]> {
    return this.tx.query<ListRecord>(ALL.with({ userId }));
  }

  /** These of the user's lists that exist, with their counts, in no particular order. */
  findMany(userId: string, ids: string[]): Promise<ListRecord[]> {
    return this.tx.query<ListRecord>(FIND_MANY.with({ userId, ids }));
  }

  async find(userId: string, id: string): Promise<ListRecord | undefined> {
    const [row] = await this.tx.query<ListRecord>(FIND.with({ userId, id }));
    return row;
  }

  async inboxId(userId: string): Promise<string | undefined> {
    const [row] = await this.tx.query<{ id: string }>(INBOX_ID.with({ userId }));
    return row?.id;
  }

  /**
   * Makes the user's Inbox if they have none (sign-up makes it; this covers an account whose
   * sign-up hook did not run). The partial unique index decides a race between two callers.
   * Throws MissingReferenceError('user') when the user is gone.
   */
  async ensureInbox(userId: string): Promise<void> {
    try {
      await this.tx.query(ENSURE_INBOX.with({ userId }));
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new MissingReferenceError('user');
      throw error;
    }
  }

  async tail(userId: string): Promise<{ last: string; n: number }> {
    const [row] = await this.tx.query<{ last: string; n: number }>(TAIL.with({ userId }));
    return row!;
  }

  async insert(userId: string, fields: { name: string; color: string | null; position: string }): Promise<ListRecord> {
    try {
      const [row] = await this.tx.query<ListRecord>(INSERT.with({ userId, ...fields }));
      return row!;
    } catch (error) {
      throw translate(error);
    }
  }

  async neighbour(userId: string, id: string, side: 'after' | 'before', moving: string): Promise<Neighbour | undefined> {
    const [row] = await this.tx.query<Neighbour>((side === 'after' ? AFTER : BEFORE).with({ userId, id, moving }));
    return row;
  }

  /** One statement; with expectedVersions only a row at one of them changes. undefined: none did. */
  async update(userId: string, id: string, changes: ListChanges, expectedVersions?: number[]): Promise<ListRecord | undefined> {
    const fields = (['name', 'color', 'position'] as const).filter((name) => changes[name] !== undefined);
    const versioned = expectedVersions !== undefined;
    const statement = updates.get(`${fields.join(',')}|${versioned ? 1 : 0}`, () => {
      const set = fields.map((name) => sql`${sql.identifier(name)} = ${p(name)}`);
      return sql`update ${lists} set ${sql.join([...set, sql`version = ${lists.version} + 1`, sql`updated_at = now()`], sql`, `)}
        where ${lists.userId} = ${p('userId')} and ${lists.id} = ${p('id')}
        ${versioned ? sql`and ${lists.version} = any(${p('versions')}::integer[])` : sql``}
        returning ${lists.id}`;
    });
    try {
      const rows = await this.tx.query(statement.with({ ...changes, userId, id, versions: expectedVersions }));
      if (rows.length === 0) return undefined;
    } catch (error) {
      throw translate(error);
    }
    return this.find(userId, id);
  }

  /** Deletes a list that is not the Inbox; its tasks go with it (the foreign key cascades). */
  async delete(userId: string, id: string, expectedVersions?: number[]): Promise<boolean> {
    const statement = DELETE[expectedVersions === undefined ? 0 : 1];
    return (await this.tx.query(statement.with({ userId, id, versions: expectedVersions }))).length > 0;
  }
}

function translate(error: unknown): unknown {
  if (sqlState(error) === UNIQUE_VIOLATION) return new PositionTakenError();
  if (sqlState(error) === FOREIGN_KEY_VIOLATION) return new MissingReferenceError('user');
  return error;
}
