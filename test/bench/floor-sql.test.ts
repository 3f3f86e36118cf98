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
import * as FLOOR from '../../bench/floor-sql.js';

const USER = '0190a6a2-7c1e-7000-8000-0000000000aa';
const ID = '0190a6a2-7c1e-7000-8000-0000000000bb';
const LIST = '0190a6a2-7c1e-7000-8000-0000000000cc';

/** Repositories whose every statement is recorded and answers one empty row. */
function recording(): { repo: TasksRepository; tree: TaskTreeRepository; sent: BoundQuery[] } {
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
  return { repo: new TasksRepository(tx), tree: new TaskTreeRepository(tx), sent };
}

/**
 * Parameters as they reach the database: the floor hands text[] values to the driver as arrays,
 * the repository as the array literal Drizzle renders for the column; both arrive as '{"a"}'.
 */
const onTheWire = (params: unknown[]) =>
  params.map((value) => (Array.isArray(value) ? `{${value.map((item) => JSON.stringify(item)).join(',')}}` : value));

const fields = { title: 'T', description: null, isCompleted: false, priority: 'High' as const, dueDate: null, tags: ['a'] };
const noFilters: ListFilters = {
  status: 'all', priorities: [], tags: [], q: undefined, dueBefore: undefined, dueAfter: undefined, overdue: undefined, listIds: [], parentId: undefined,
};

describe('the floor sends the repository\'s statements', () => {
  it('find, exists, the Inbox\'s tail and insert (a create), full update (PUT), toggle, completing the subtasks, delete, metrics', async () => {
    const { repo, tree, sent } = recording();
    await repo.find(USER, ID);
    await repo.exists(USER, ID);
    await tree.inboxTail(USER);
    await repo.insert(USER, fields, { listId: LIST, parentId: null, position: 'a1' });
    await repo.update(USER, ID, fields);
    await repo.toggle(USER, ID);
    await tree.completeSubtree(USER, ID);
    await repo.delete(USER, ID);
    await repo.metrics(USER, []);
    expect(sent.map((q) => q.text)).toEqual([
      FLOOR.FIND, FLOOR.EXISTS, FLOOR.INBOX_TAIL, FLOOR.INSERT, FLOOR.REPLACE, FLOOR.TOGGLE, FLOOR.COMPLETE_SUBTREE, FLOOR.DELETE, FLOOR.METRICS,
    ]);
    // The parameters in the order the floor documents them.
    expect(FLOOR.NO_PARENT).toBe(NO_PARENT);
    expect(sent[2]!.params).toEqual([USER, NO_PARENT, USER]);
    expect(onTheWire(sent[3]!.params)).toEqual(onTheWire([USER, 'T', null, false, 'High', null, ['a'], false, LIST, null, 'a1']));
    expect(onTheWire(sent[4]!.params)).toEqual(onTheWire(['T', null, false, 'High', null, ['a'], false, USER, ID, USER, ID]));
    expect(sent[6]!.params).toEqual([USER, ID, USER, USER]);
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
