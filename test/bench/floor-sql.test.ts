// The benchmark's floor sends hand-written SQL (bench/floor-sql.ts) so that it asks the database
// for exactly the work the service does. This keeps the two equal: each statement the repository
// compiles, captured through a RequestTx that records instead of running, must be the floor's,
// text and parameters. A change to the repository's SQL fails here until the floor follows.
import { describe, expect, it } from 'vitest';
import type { BoundQuery } from '../../src/db/statement.js';
import type { RequestTx } from '../../src/db/client.js';
import { TasksRepository, type ListFilters } from '../../src/tasks/tasks.repository.js';
import * as FLOOR from '../../bench/floor-sql.js';

const USER = '0190a6a2-7c1e-7000-8000-0000000000aa';
const ID = '0190a6a2-7c1e-7000-8000-0000000000bb';

/** A repository whose every statement is recorded and answers one empty row. */
function recording(): { repo: TasksRepository; sent: BoundQuery[] } {
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
  return { repo: new TasksRepository(tx), sent };
}

/**
 * Parameters as they reach the database: the floor hands text[] values to the driver as arrays,
 * the repository as the array literal Drizzle renders for the column; both arrive as '{"a"}'.
 */
const onTheWire = (params: unknown[]) =>
  params.map((value) => (Array.isArray(value) ? `{${value.map((item) => JSON.stringify(item)).join(',')}}` : value));

const fields = { title: 'T', description: null, isCompleted: false, priority: 'High' as const, dueDate: null, tags: ['a'] };
const noFilters: ListFilters = { status: 'all', priorities: [], tags: [], q: undefined, dueBefore: undefined, dueAfter: undefined, overdue: undefined };

describe('the floor sends the repository\'s statements', () => {
  it('find, exists, insert, full update (PUT), toggle, delete, metrics', async () => {
    const { repo, sent } = recording();
    await repo.find(USER, ID);
    await repo.exists(USER, ID);
    await repo.insert(USER, fields);
    await repo.update(USER, ID, fields);
    await repo.toggle(USER, ID);
    await repo.delete(USER, ID);
    await repo.metrics(USER);
    expect(sent.map((q) => q.text)).toEqual([FLOOR.FIND, FLOOR.EXISTS, FLOOR.INSERT, FLOOR.REPLACE, FLOOR.TOGGLE, FLOOR.DELETE, FLOOR.METRICS]);
    // The parameters in the order the floor documents them.
    expect(onTheWire(sent[2]!.params)).toEqual(onTheWire([USER, 'T', null, false, 'High', null, ['a'], false]));
    expect(onTheWire(sent[3]!.params)).toEqual(onTheWire(['T', null, false, 'High', null, ['a'], false, USER, ID]));
  });

  it.each<[string, FLOOR.ListQuery, Partial<ListFilters>, 'created_at' | 'due_date', boolean]>([
    ['the default list', { status: 'all', tags: [], q: undefined, sort: '-created_at', limit: 50 }, {}, 'created_at', true],
    ['pending, tagged, searched, by due date', { status: 'pending', tags: ['home'], q: 'milk', sort: 'due_date', limit: 20 }, { status: 'pending', tags: ['home'], q: 'milk' }, 'due_date', false],
    ['completed', { status: 'completed', tags: [], q: undefined, sort: '-created_at', limit: 10 }, { status: 'completed' }, 'created_at', true],
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
