// Row-level security stands on its own: statements with no user filter at all, run in the
// request transaction the service uses (Database.asUser), see and touch only that user's rows
// of tasks and of lists; with no user set they see nothing. The composite foreign keys keep a
// task from pointing at another user's list or task, whoever writes it. The connection's own user is a superuser on PGlite and in
// CI, so these also prove the request role really is entered.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlState } from '../../src/db/errors.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, getTask, type Task } from './task-api.js';
import { allLists, createList, type List } from '../lists/list-api.js';

let t: AppWithUsers;
let a: TestUser;
let b: TestUser;
let aTasks: Task[];
let bTask: Task;
let aLists: List[];
let bLists: List[];
beforeAll(async () => {
  t = await appWithUsers(2);
  [a, b] = t.users as [TestUser, TestUser];
  aTasks = [await createTask(t.app, a, { title: 'a1' }), await createTask(t.app, a, { title: 'a2' })];
  bTask = await createTask(t.app, b, { title: 'b1' });
  await createList(t.app, a, { name: 'A\'s second list' });
  aLists = await allLists(t.app, a);
  bLists = await allLists(t.app, b);
});
afterAll(() => t.close());

type Row = Record<string, unknown>;
const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;
const ids = (rows: Row[]) => rows.map((row) => row.id as string).sort();

/** Runs work in A's request context (the request role, app.user_id = A) and rolls it back. */
async function inAContextRolledBack(work: (tx: { execute: (query: ReturnType<typeof sql>) => Promise<unknown> }) => Promise<void>): Promise<void> {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'task_api', true), set_config('app.user_id', ${a.id}, true)`);
    await work(tx);
    tx.rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
  });
}

/** The SQLSTATE a statement failed with; 42501 is the policy's "new row violates row-level security". */
async function failureOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return sqlState(error) ?? 'unknown';
  }
  return undefined;
}

describe('row-level security', () => {
  it('the unscoped connection sees both users\' rows (so the checks below can fail)', async () => {
    const rows = rowsOf(await t.database.db.execute(sql`select id from tasks where user_id in (${a.id}, ${b.id})`));
    expect(ids(rows)).toEqual([...aTasks.map((task) => task.id), bTask.id].sort());
  });

  it('an unfiltered select in A\'s context returns only A\'s rows', async () => {
    const rows = rowsOf(await t.database.asUser(a.id, (tx) => tx.db.execute(sql`select * from tasks`)));
    expect(ids(rows)).toEqual(aTasks.map((task) => task.id).sort());
    expect(rows.every((row) => row.user_id === a.id)).toBe(true);
  });

  it('the request context runs as the request role, not as the connecting superuser', async () => {
    const [row] = rowsOf(await t.database.asUser(a.id, (tx) => tx.db.execute(
      sql`select current_user as role, current_setting('app.user_id') as user_id, (select rolbypassrls or rolsuper from pg_roles where rolname = current_user) as privileged`,
    )));
    expect(row).toEqual({ role: 'task_api', user_id: a.id, privileged: false });
  });

  it('the request role with no user set sees no rows at all', async () => {
    const rows = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true)`);
      return rowsOf(await tx.execute(sql`select * from tasks`));
    });
    expect(rows).toEqual([]);
  });

  it('a user id set in an earlier transaction does not leak into the next one', async () => {
    await t.database.asUser(a.id, (tx) => tx.db.execute(sql`select 1`));
    const rows = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true)`);
      return rowsOf(await tx.execute(sql`select id, current_setting('app.user_id', true) as setting from tasks`));
    });
    expect(rows).toEqual([]);
  });

  it('an insert for another user\'s id in A\'s context is refused', async () => {
    expect(await failureOf(
      t.database.asUser(a.id, (tx) => tx.db.execute(sql`insert into tasks (user_id, title, list_id, position) values (${b.id}, 'planted', ${bLists[0]!.id}, 'zz')`)),
    )).toBe('42501');
    const count = rowsOf(await t.database.db.execute(sql`select count(*)::int as n from tasks where title = 'planted'`));
    expect(count[0]!.n).toBe(0);
    // The same insert for A's own id goes through: the refusal was the policy, not the SQL.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true), set_config('app.user_id', ${a.id}, true)`);
      const inserted = rowsOf(await tx.execute(sql`insert into tasks (user_id, title, list_id, position) values (${a.id}, 'own', ${aLists[0]!.id}, 'zz') returning id`));
      expect(inserted).toHaveLength(1);
      tx.rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
    });
  });

  it('unfiltered updates and deletes in A\'s context cannot reach B\'s rows', async () => {
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true), set_config('app.user_id', ${a.id}, true)`);
      const updated = rowsOf(await tx.execute(sql`update tasks set title = title returning id`));
      expect(ids(updated)).toEqual(aTasks.map((task) => task.id).sort());
      const moved = rowsOf(await tx.execute(sql`update tasks set user_id = ${a.id} where id = ${bTask.id} returning id`));
      expect(moved).toEqual([]);
      const deleted = rowsOf(await tx.execute(sql`delete from tasks where id = ${bTask.id} returning id`));
      expect(deleted).toEqual([]);
      tx.rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
    });
    expect(await getTask(t.app, b, bTask.id)).toEqual(bTask);
  });

  it('moving one of A\'s own rows to B is refused by the policy\'s check', async () => {
    expect(await failureOf(
      t.database.asUser(a.id, (tx) => tx.db.execute(sql`update tasks set user_id = ${b.id} where id = ${aTasks[0]!.id}`)),
    )).toBe('42501');
    expect(await getTask(t.app, a, aTasks[0]!.id)).toEqual(aTasks[0]);
  });
});

describe('row-level security on lists', () => {
  const aListIds = () => aLists.map((list) => list.id).sort();

  it('the unscoped connection sees both users\' lists (so the checks below can fail)', async () => {
    const rows = rowsOf(await t.database.db.execute(sql`select id from lists where user_id in (${a.id}, ${b.id})`));
    expect(ids(rows)).toEqual([...aLists, ...bLists].map((list) => list.id).sort());
  });

  it('an unfiltered select in A\'s context returns only A\'s lists', async () => {
    const rows = rowsOf(await t.database.asUser(a.id, (tx) => tx.db.execute(sql`select * from lists`)));
    expect(ids(rows)).toEqual(aListIds());
    expect(rows.every((row) => row.user_id === a.id)).toBe(true);
  });

  it('the request role with no user set sees no lists at all', async () => {
    const rows = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true)`);
      return rowsOf(await tx.execute(sql`select * from lists`));
    });
    expect(rows).toEqual([]);
  });

  it('an insert of a list for another user\'s id in A\'s context is refused', async () => {
    expect(await failureOf(
      t.database.asUser(a.id, (tx) => tx.db.execute(sql`insert into lists (user_id, name, position) values (${b.id}, 'planted', 'zz')`)),
    )).toBe('42501');
    const count = rowsOf(await t.database.db.execute(sql`select count(*)::int as n from lists where name = 'planted'`));
    expect(count[0]!.n).toBe(0);
    // The same insert for A's own id goes through: the refusal was the policy, not the SQL.
    await inAContextRolledBack(async (tx) => {
      const inserted = rowsOf(await tx.execute(sql`insert into lists (user_id, name, position) values (${a.id}, 'own', 'zz') returning id`));
      expect(inserted).toHaveLength(1);
    });
  });

  it('unfiltered updates and deletes of lists in A\'s context cannot reach B\'s', async () => {
    await inAContextRolledBack(async (tx) => {
      const updated = rowsOf(await tx.execute(sql`update lists set name = name returning id`));
      expect(ids(updated)).toEqual(aListIds());
      expect(rowsOf(await tx.execute(sql`update lists set user_id = ${a.id} where id = ${bLists[0]!.id} returning id`))).toEqual([]);
      expect(rowsOf(await tx.execute(sql`delete from lists where id = ${bLists[0]!.id} returning id`))).toEqual([]);
    });
    expect(await allLists(t.app, b)).toEqual(bLists);
  });

  it('moving one of A\'s lists to B is refused by the policy\'s check', async () => {
    expect(await failureOf(
      t.database.asUser(a.id, (tx) => tx.db.execute(sql`update lists set user_id = ${b.id} where id = ${aLists[1]!.id}`)),
    )).toBe('42501');
    expect(await allLists(t.app, a)).toEqual(aLists);
  });

  it('a task of A cannot point at B\'s list or B\'s task: the composite foreign keys refuse it, even unscoped', async () => {
    const bInbox = bLists[0]!.id;
    const aInbox = aLists[0]!.id;
    for (const db of ['request', 'superuser'] as const) {
      const run = (query: ReturnType<typeof sql>) =>
        db === 'request' ? t.database.asUser(a.id, (tx) => tx.db.execute(query)) : t.database.db.execute(query);
      expect(await failureOf(run(sql`insert into tasks (user_id, title, list_id, position) values (${a.id}, 'planted', ${bInbox}, 'zz')`))).toBe('23503');
      expect(await failureOf(run(sql`update tasks set list_id = ${bInbox} where id = ${aTasks[0]!.id}`))).toBe('23503');
      expect(await failureOf(run(sql`update tasks set parent_id = ${bTask.id} where id = ${aTasks[0]!.id}`))).toBe('23503');
      expect(await failureOf(
        run(sql`insert into tasks (user_id, title, list_id, parent_id, position) values (${a.id}, 'planted', ${aInbox}, ${bTask.id}, 'zz')`),
      )).toBe('23503');
    }
    expect(await getTask(t.app, a, aTasks[0]!.id)).toEqual(aTasks[0]);
    expect(await getTask(t.app, b, bTask.id)).toEqual(bTask);
  });
});

describe('row-level security on the change log and the sync counters', () => {
  it.each(['change_log', 'sync_counters'])('%s: the unscoped connection sees both users, A\'s context only A, no user nothing; a planted row is refused', async (table) => {
    const name = sql.raw(table);
    const unscoped = rowsOf(await t.database.db.execute(sql`select distinct user_id from ${name} where user_id in (${a.id}, ${b.id})`));
    expect(unscoped.map((row) => row.user_id).sort()).toEqual([a.id, b.id].sort());
    const mine = rowsOf(await t.database.asUser(a.id, (tx) => tx.db.execute(sql`select distinct user_id from ${name}`)));
    expect(mine.map((row) => row.user_id)).toEqual([a.id]);
    const none = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true)`);
      return rowsOf(await tx.execute(sql`select * from ${name}`));
    });
    expect(none).toEqual([]);
    if (table === 'change_log') {
      expect(await failureOf(t.database.asUser(a.id, (tx) => tx.db.execute(
        sql`insert into change_log (user_id, kind, object_id, op, seq) values (${b.id}, 'task', gen_random_uuid(), 'upsert', 999999)`)))).toBe('42501');
    } else {
      const touched = await t.database.asUser(a.id, (tx) => tx.db.execute(sql`update sync_counters set last_seq = 0 where user_id = ${b.id} returning user_id`));
      expect(rowsOf(touched)).toEqual([]);
    }
  });
});

describe('row-level security on the settings', () => {
  it('user_settings: the unscoped connection sees both users, A\'s context only A, no user nothing; a planted row is refused', async () => {
    for (const [user, zone] of [[a, 'Europe/Berlin'], [b, 'Asia/Tokyo']] as const) {
      expect((await as(t.app, user).patch('/api/me/settings', { time_zone: zone })).statusCode).toBe(200);
    }
    const unscoped = rowsOf(await t.database.db.execute(sql`select user_id, time_zone from user_settings where user_id in (${a.id}, ${b.id})`));
    expect(unscoped.map((row) => row.user_id).sort()).toEqual([a.id, b.id].sort());
    const mine = rowsOf(await t.database.asUser(a.id, (tx) => tx.db.execute(sql`select user_id, time_zone from user_settings`)));
    expect(mine).toEqual([{ user_id: a.id, time_zone: 'Europe/Berlin' }]);
    const none = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'task_api', true)`);
      return rowsOf(await tx.execute(sql`select * from user_settings`));
    });
    expect(none).toEqual([]);
    const touched = await t.database.asUser(a.id, (tx) => tx.db.execute(sql`update user_settings set time_zone = 'UTC' where user_id = ${b.id} returning user_id`));
    expect(rowsOf(touched)).toEqual([]);
    const stranger = await signUp(t.app);
    expect(await failureOf(t.database.asUser(a.id, (tx) => tx.db.execute(sql`insert into user_settings (user_id, time_zone) values (${stranger.id}, 'UTC')`)))).toBe('42501');
  });

  it('every table of ours with a user_id has row-level security enabled and forced (Better Auth\'s own are its business)', async () => {
    const rows = rowsOf(await t.database.db.execute(sql`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute att on att.attrelid = c.oid and att.attname = 'user_id' and not att.attisdropped
      where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('session', 'account') order by 1`));
    expect(rows.map((row) => row.name)).toEqual(['access_tokens', 'change_log', 'lists', 'reminder_deliveries', 'sync_counters', 'task_completions', 'task_reminders', 'tasks', 'user_settings', 'webhook_deliveries', 'webhooks']);
    for (const row of rows) expect(row, String(row.name)).toMatchObject({ enabled: true, forced: true });
  });
});
