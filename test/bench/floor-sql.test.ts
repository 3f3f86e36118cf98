// The benchmark's floor sends hand-written SQL (bench/floor-sql.ts) so that it asks the database
// for exactly the work the service does. This keeps the two equal: each statement the repository
// compiles, captured through a RequestTx that records instead of running, must be the floor's,
// text and parameters. A change to the repository's SQL fails here until the floor follows.
import { describe, expect, it } from 'vitest';
import type { BoundQuery } from '../../src/db/statement.js';
import type { RequestTx } from '../../src/db/client.js';
import { NO_PARENT } from '../../src/db/schema.js';
import { TasksRepository, type ListFilters } from '../../src/tasks/tasks.repository.js';
import { TaskTreeRepository } from '../../src/tasks/tasks.tree.repository.js';
import { TaskRecurrenceRepository } from '../../src/tasks/tasks.recurrence.repository.js';
import * as FLOOR from '../../bench/floor-sql.js';

const USER = '0190a6a2-7c1e-7000-8000-0000000000aa';
const ID = '0190a6a2-7c1e-7000-8000-0000000000bb';
const LIST = '0190a6a2-7c1e-7000-8000-0000000000cc';

/** Repositories whose every statement is recorded and answers one empty row. */
function recording(): { repo: TasksRepository; tree: TaskTreeRepository; recurrence: TaskRecurrenceRepository; sent: BoundQuery[] } {
  const sent: BoundQuery[] = [];
  const tx: RequestTx = {
    query: async <R>(query: BoundQuery) => {
      sent.push(query);
      return [{ n: 0 }] as R[];
    },
    get db(): never {
      throw new Error('not used on the request path');
    },
  };
  return { repo: new TasksRepository(tx), tree: new TaskTreeRepository(tx), recurrence: new TaskRecurrenceRepository(tx), sent };
}

/**
 * Parameters as they reach the database: the floor hands text[] values to the driver as arrays,
 * the repository as the array literal Drizzle renders for the column; both arrive as '{"a"}'. A
 * time the floor sends as ISO text, the repository as a Date where it binds a raw placeholder
 * (the ::timestamptz casts); both arrive as the same instant.
 */
const onTheWire = (params: unknown[]) =>
  params.map((value) =>
    Array.isArray(value) ? `{${value.map((item) => JSON.stringify(item)).join(',')}}` : value instanceof Date ? value.toISOString() : value,
  );

// As the floor writes every task: no recurrence, the default time zone (null: the user's setting), no reminders.
const fields = {
  title: 'T', description: null, isCompleted: false, priority: 'High' as const, dueDate: null, tags: ['a'], recurrence: null, timeZone: null, reminders: '[]',
};
const noFilters: ListFilters = {
  status: 'all', priorities: [], tags: [], q: undefined, dueBefore: undefined, dueAfter: undefined, overdue: undefined, listIds: [], parentId: undefined,
};

describe('the floor sends the repository\'s statements', () => {
  it('find, exists, the Inbox\'s tail and insert (a create), full update (PUT), toggle, completing the subtasks and recording it, delete, metrics', async () => {
    const { repo, tree, recurrence, sent } = recording();
    await repo.find(USER, ID);
    await repo.exists(USER, ID);
    await tree.inboxTail(USER);
    await repo.insert(USER, fields, { listId: LIST, parentId: null, position: 'a1' });
    await repo.update(USER, ID, fields);
    await repo.toggle(USER, ID);
    // A completing PUT or toggle, as afterPlainCompletion (src/tasks/tasks.completion.ts): the subtasks, then the history.
    await tree.completeSubtree(USER, ID);
    await recurrence.recordCompletion(USER, ID);
    await repo.delete(USER, ID);
    await repo.metrics(USER, []);
    expect(sent.map((q) => q.text)).toEqual([
      FLOOR.FIND, FLOOR.EXISTS, FLOOR.INBOX_TAIL, FLOOR.INSERT, FLOOR.REPLACE, FLOOR.TOGGLE, FLOOR.COMPLETE_SUBTREE, FLOOR.RECORD_COMPLETION,
      FLOOR.DELETE, FLOOR.METRICS,
    ]);
    // The parameters in the order the floor documents them.
    expect(FLOOR.NO_PARENT).toBe(NO_PARENT);
    expect(sent[2]!.params).toEqual([USER, NO_PARENT, USER]);
    expect(onTheWire(sent[3]!.params)).toEqual(onTheWire([USER, 'T', null, false, 'High', null, ['a'], false, LIST, null, 'a1', null, null, null, null, USER, '[]']));
    expect(onTheWire(sent[4]!.params)).toEqual(
      onTheWire(['T', null, false, 'High', null, ['a'], false, null, null, null, null, USER, '[]', false, USER, ID, false, null, USER, ID]),
    );
    expect(sent[5]!.params).toEqual([USER, ID]);
    expect(sent[6]!.params).toEqual([USER, ID, USER, USER]);
    expect(sent[7]!.params).toEqual([USER, ID]);
  });

  it('binds insert and PUT parameters in the documented order (every field distinct, so no two positions can swap unseen)', async () => {
    const { repo, sent } = recording();
    const due = '2030-01-02T03:04:05.000Z';
    const distinct = { ...fields, description: 'D', isCompleted: true, dueDate: new Date(due), recurrence: 'FREQ=DAILY', timeZone: 'Europe/Paris', reminders: '[5]' };
    await repo.insert(USER, distinct, { listId: LIST, parentId: ID, position: 'a1' });
    await repo.update(USER, ID, distinct);
    expect(onTheWire(sent[0]!.params)).toEqual(
      onTheWire([USER, 'T', 'D', true, 'High', due, ['a'], true, LIST, ID, 'a1', 'FREQ=DAILY', 'FREQ=DAILY', due, 'Europe/Paris', USER, '[5]']),
    );
    expect(onTheWire(sent[1]!.params)).toEqual(
      onTheWire(['T', 'D', true, 'High', due, ['a'], true, 'FREQ=DAILY', 'FREQ=DAILY', due, 'Europe/Paris', USER, '[5]', true, USER, ID, true, 'FREQ=DAILY', USER, ID]),
    );
  });

  it.each<[string, FLOOR.ListQuery, Partial<ListFilters>, 'created_at' | 'due_date' | 'position', boolean]>([
    ['the default list', { status: 'all', tags: [], q: undefined, listIds: [], sort: '-created_at', limit: 50 }, {}, 'created_at', true],
    ['pending, tagged, searched, by due date', { status: 'pending', tags: ['home'], q: 'milk', listIds: [], sort: 'due_date', limit: 20 }, { status: 'pending', tags: ['home'], q: 'milk' }, 'due_date', false],
    ['completed', { status: 'completed', tags: [], q: undefined, listIds: [], sort: '-created_at', limit: 10 }, { status: 'completed' }, 'created_at', true],
    ['one list in manual order', { status: 'all', tags: [], q: undefined, listIds: [LIST], sort: 'position', limit: 50 }, { listIds: [LIST] }, 'position', false],
    ['pending in two lists, searched, in manual order', { status: 'pending', tags: [], q: 'milk', listIds: [LIST, ID], sort: 'position', limit: 5 }, { status: 'pending', q: 'milk', listIds: [LIST, ID] }, 'position', false],
  ])('list and count: %s', async (_, floorQuery, filters, key, descending) => {
    const floor = FLOOR.listStatements(USER, floorQuery);
    const { repo } = recording();
    // The service asks for one row more than the page, to know whether there is a next one.
    const list = repo.listStatement(USER, { ...noFilters, ...filters }, { key, descending, after: undefined, limit: floorQuery.limit + 1 });
    const count = repo.countStatement(USER, { ...noFilters, ...filters });
    expect([list.text, onTheWire(list.params)]).toEqual([floor.list[0], onTheWire(floor.list[1])]);
    expect([count.text, onTheWire(count.params)]).toEqual([floor.count[0], onTheWire(floor.count[1])]);
  });
});
