// Keyset pages: walking every page under every sort returns each matching task exactly once, in
// the contract's order (priority High→Medium→Low, tasks without a due date last both ways, ties
// broken by id in the sort's direction), also with filters and while tasks are being added.
//
// The fixture is built through the API, then its created_at/updated_at are set by SQL (as the
// test connection's superuser) to a few shared instants: ties are what break naive cursors, and
// requests a few milliseconds apart would rarely produce them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import type { TaskDto, TaskListDto } from '../../src/tasks/tasks.schemas.js';
import { SORT_KEYS, type SortKey } from '../../src/limits.js';

let t: AppWithUsers;

const SORTS = SORT_KEYS.flatMap((key) => [key, `-${key}`]);
const PRIORITY_RANK: Record<string, number> = { High: 0, Medium: 1, Low: 2 };
const SHARED_DUE = '2030-01-01T00:00:00.000Z';

/** The contract's order for a sort, written independently of the service. */
function comparator(sort: string): (a: TaskDto, b: TaskDto) => number {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as SortKey;
  const direction = descending ? -1 : 1;
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    if (key === 'due_date' && (a.due_date === null) !== (b.due_date === null)) return a.due_date === null ? 1 : -1; // nulls last, both ways
    let c = 0;
    if (key === 'priority') c = PRIORITY_RANK[a.priority]! - PRIORITY_RANK[b.priority]!;
    else if (key === 'title') c = byText(a.title, b.title);
    else if (key === 'due_date') c = a.due_date === null ? 0 : byText(a.due_date, b.due_date!); // same-format ISO strings
    else c = byText(a[key], b[key]);
    return direction * (c !== 0 ? c : byText(a.id, b.id));
  };
}

interface Fixture {
  user: TestUser;
  tasks: TaskDto[];
  /** Tasks whose title or description contains a form of "report". */
  reportIds: Set<string>;
}

const TITLES = ['alpha', 'beta', 'gamma', 'delta', 'reports', 'alpha', 'beta', 'alphabet'];
const DESCRIPTIONS = ['quarterly report due', null, 'groceries list', 'Reporting to the board'];
const TAGS = [['work'], ['home'], ['work', 'home'], [], ['home', 'work', 'urgent'], []];
const FIXTURE_SIZE = 24; // a multiple of 3 and not of 7: the last page is full for limit 3, partial for 7

/** 24 tasks with duplicate titles, shared priorities, shared and missing due dates, tied times. */
async function buildFixture(): Promise<Fixture> {
  const user = await signUp(t.app);
  const api = as(t.app, user);
  const ids: string[] = [];
  const reportIds = new Set<string>();
  for (let i = 0; i < FIXTURE_SIZE; i++) {
    const description = DESCRIPTIONS[i % 4]!;
    const res = await api.post('/api/me/tasks', {
      title: TITLES[i % 8],
      description,
      is_completed: Math.floor(i / 2) % 2 === 1,
      priority: ['High', 'Medium', 'Low'][i % 3],
      due_date: [null, SHARED_DUE, SHARED_DUE, '2029-06-15T12:00:00.000Z', new Date(Date.UTC(2028, 0, 1 + i)).toISOString()][i % 5],
      tags: TAGS[i % 6],
    });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as TaskDto).id;
    ids.push(id);
    if (TITLES[i % 8] === 'reports' || /report/i.test(description ?? '')) reportIds.add(id);
  }
  // Five distinct creation instants and four update instants over 24 tasks: plenty of ties.
  const base = Date.UTC(2025, 0, 1);
  const rows = ids.map((id, i) => sql`(${id}::uuid, ${new Date(base + ((i * 7) % 5) * 1000).toISOString()}::timestamptz, ${new Date(base + 86_400_000 + ((i * 3) % 4) * 3_600_000).toISOString()}::timestamptz)`);
  await t.database.db.execute(sql`
    update tasks set created_at = v.created, updated_at = v.updated
    from (values ${sql.join(rows, sql`, `)}) as v(id, created, updated)
    where tasks.id = v.id and tasks.user_id = ${user.id}`);
  const tasks: TaskDto[] = [];
  for (const id of ids) tasks.push((await api.get(`/api/me/tasks/${id}`)).json() as TaskDto);
  return { user, tasks, reportIds };
}

interface Walk {
  items: TaskDto[];
  pages: TaskListDto[];
}

/**
 * Follows next_cursor to the end. Checks what every page must satisfy on its own; between pages
 * it runs `between` (to add tasks while the walk is under way).
 */
async function walk(user: TestUser, query: string, limit: number, between?: (page: TaskListDto) => Promise<void>): Promise<Walk> {
  const pages: TaskListDto[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/me/tasks?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await as(t.app, user).get(url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as TaskListDto;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    // A page that promises more is full; an empty page never comes with a cursor.
    if (page.next_cursor !== null) expect(page.items.length).toBe(limit);
    pages.push(page);
    cursor = page.next_cursor;
    if (pages.length > 500) throw new Error('the walk does not end');
    if (cursor !== null && between) await between(page);
  } while (cursor !== null);
  return { items: pages.flatMap((p) => p.items), pages };
}

function expectStrictlyOrdered(items: TaskDto[], sort: string): void {
  const compare = comparator(sort);
  for (let i = 1; i < items.length; i++) {
    expect(compare(items[i - 1]!, items[i]!), `${sort}: ${JSON.stringify([items[i - 1], items[i]])}`).toBeLessThan(0);
  }
}

let main: Fixture;
let other: Fixture;
beforeAll(async () => {
  t = await appWithUsers(0);
  main = await buildFixture();
  // Another user with look-alike tasks: none of them may ever appear in main's pages.
  other = await buildFixture();
}, 180_000);
afterAll(() => t.close());

describe('the fixture', () => {
  it('has the ties the walks depend on', () => {
    const distinct = (values: unknown[]) => new Set(values).size;
    expect(distinct(main.tasks.map((x) => x.created_at))).toBe(5);
    expect(distinct(main.tasks.map((x) => x.updated_at))).toBe(4);
    expect(distinct(main.tasks.map((x) => x.title))).toBeLessThan(FIXTURE_SIZE);
    expect(main.tasks.filter((x) => x.due_date === null).length).toBeGreaterThan(1);
    expect(main.tasks.filter((x) => x.due_date === SHARED_DUE).length).toBeGreaterThan(1);
    expect(main.reportIds.size).toBeGreaterThan(3);
  });
});

describe('walking every page', () => {
  it.each(SORTS)('sort=%s with limits 1, 3, 7 and 1000: each task once, in the documented order', async (sort) => {
    const expected = [...main.tasks].sort(comparator(sort)).map((x) => x.id);
    for (const limit of [1, 3, 7, 1000]) {
      const { items, pages } = await walk(main.user, `sort=${encodeURIComponent(sort)}`, limit);
      expect(items.map((x) => x.id), `limit=${limit}`).toEqual(expected);
      expect(pages.length).toBe(Math.max(1, Math.ceil(FIXTURE_SIZE / limit)));
      for (const page of pages) expect(page.count).toBe(FIXTURE_SIZE);
      expect(pages.at(-1)!.next_cursor).toBeNull();
    }
  });

  it('the default sort is -created_at', async () => {
    const { items } = await walk(main.user, '', 5);
    expect(items.map((x) => x.id)).toEqual([...main.tasks].sort(comparator('-created_at')).map((x) => x.id));
  });

  it('the orders are the contract\'s: High first, undated tasks last both ways', async () => {
    const byPriority = (await walk(main.user, 'sort=priority', 1000)).items.map((x) => x.priority);
    expect(byPriority.indexOf('Medium')).toBeGreaterThan(byPriority.lastIndexOf('High'));
    expect(byPriority.indexOf('Low')).toBeGreaterThan(byPriority.lastIndexOf('Medium'));
    for (const sort of ['due_date', '-due_date']) {
      const dues = (await walk(main.user, `sort=${sort}`, 4)).items.map((x) => x.due_date);
      const firstNull = dues.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(dues.slice(firstNull).every((d) => d === null), sort).toBe(true);
    }
  });
});

describe('walking with filters', () => {
  const filters: Array<[string, (x: TaskDto) => boolean]> = [
    ['status=pending', (x) => !x.is_completed],
    ['status=completed', (x) => x.is_completed],
    ['tag=work', (x) => x.tags.includes('work')],
    ['tag=work&tag=home', (x) => x.tags.includes('work') && x.tags.includes('home')],
    ['q=report', (x) => main.reportIds.has(x.id)],
    ['priority=High&priority=low', (x) => x.priority !== 'Medium'],
    ['status=pending&tag=home&q=report', (x) => !x.is_completed && x.tags.includes('home') && main.reportIds.has(x.id)],
  ];
  it.each(filters)('%s: every sort, each matching task once, in order, count of all matches', async (query, matches) => {
    const matching = main.tasks.filter(matches);
    expect(matching.length).toBeGreaterThan(0);
    for (const sort of SORTS) {
      const { items, pages } = await walk(main.user, `${query}&sort=${encodeURIComponent(sort)}`, 3);
      expect(items.map((x) => x.id), sort).toEqual([...matching].sort(comparator(sort)).map((x) => x.id));
      for (const page of pages) expect(page.count).toBe(matching.length);
      expect(pages.at(-1)!.next_cursor).toBeNull();
    }
  });

  it('a query that matches nothing: one empty page, count 0, no cursor', async () => {
    const { pages } = await walk(main.user, 'tag=nothing-has-this', 3);
    expect(pages).toEqual([{ items: [], count: 0, next_cursor: null }]);
  });

  it('random filter combinations, sorts and limits (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          status: fc.constantFrom(undefined, 'all', 'pending', 'completed'),
          tags: fc.subarray(['work', 'home', 'urgent']),
          priorities: fc.subarray(['High', 'Medium', 'Low']),
          q: fc.constantFrom(undefined, 'report', 'alpha', 'groceries'),
          sort: fc.constantFrom(...SORTS),
          limit: fc.integer({ min: 1, max: 12 }),
        }),
        async ({ status, tags, priorities, q, sort, limit }) => {
          const params = new URLSearchParams({ sort });
          if (status) params.append('status', status);
          for (const tag of tags) params.append('tag', tag);
          for (const p of priorities) params.append('priority', p);
          if (q) params.append('q', q);
          const qMatches: Record<string, (x: TaskDto) => boolean> = {
            report: (x) => main.reportIds.has(x.id),
            alpha: (x) => x.title === 'alpha', // "alphabet" is another word
            groceries: (x) => x.description === 'groceries list',
          };
          const expected = main.tasks
            .filter((x) => status === undefined || status === 'all' || x.is_completed === (status === 'completed'))
            .filter((x) => tags.every((tag) => x.tags.includes(tag)))
            .filter((x) => priorities.length === 0 || priorities.includes(x.priority))
            .filter((x) => q === undefined || qMatches[q]!(x))
            .sort(comparator(sort));
          const { items, pages } = await walk(main.user, params.toString(), limit);
          expect(items.map((x) => x.id)).toEqual(expected.map((x) => x.id));
          for (const page of pages) expect(page.count).toBe(expected.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('walking while tasks are added and removed', () => {
  let writer: Fixture;
  beforeAll(async () => {
    writer = await buildFixture();
  }, 120_000);

  const newTitles = ['aardvark', 'alpha', 'beta', 'zeta', 'epsilon'];
  const newDues = [null, SHARED_DUE, '2028-01-05T00:00:00.000Z', '2031-01-01T00:00:00.000Z'];

  it.each(SORTS)('sort=%s: a task added after each page causes no duplicate and no skip', async (sort) => {
    const api = as(t.app, writer.user);
    const added: TaskDto[] = [];
    try {
      const { items, pages } = await walk(writer.user, `sort=${encodeURIComponent(sort)}`, 3, async () => {
        const n = added.length;
        // Titles, priorities and due dates that land before and after the cursor alike.
        const res = await api.post('/api/me/tasks', {
          title: newTitles[n % newTitles.length],
          priority: ['Low', 'High', 'Medium'][n % 3],
          due_date: newDues[n % newDues.length],
        });
        expect(res.statusCode).toBe(201);
        added.push(res.json() as TaskDto);
      });
      expect(added.length).toBeGreaterThan(3);
      const seen = items.map((x) => x.id);
      expect(new Set(seen).size, 'no task twice').toBe(seen.length);
      for (const task of writer.tasks) expect(seen.filter((id) => id === task.id), `pre-existing ${task.title} exactly once`).toHaveLength(1);
      expect(seen.every((id) => writer.tasks.some((x) => x.id === id) || added.some((x) => x.id === id))).toBe(true);
      // New tasks that show up do so in their place: the whole walk is one ordered sequence.
      expectStrictlyOrdered(items, sort);
      // count is every match at the time of the page: the fixture plus what was added so far.
      pages.forEach((page, i) => expect(page.count).toBe(FIXTURE_SIZE + Math.min(i, added.length)));
    } finally {
      for (const task of added) expect((await api.delete(`/api/me/tasks/${task.id}`)).statusCode).toBe(204);
    }
  });

  it.each(SORTS)('sort=%s: deleting the task a cursor points at does not break the walk', async (sort) => {
    const api = as(t.app, writer.user);
    const deleted: TaskDto[] = [];
    try {
      const { items } = await walk(writer.user, `sort=${encodeURIComponent(sort)}`, 5, async (page) => {
        const last = page.items.at(-1)!;
        expect((await api.delete(`/api/me/tasks/${last.id}`)).statusCode).toBe(204);
        deleted.push(last);
      });
      expect(deleted.length).toBeGreaterThan(2);
      expect(items.map((x) => x.id)).toEqual([...writer.tasks].sort(comparator(sort)).map((x) => x.id));
    } finally {
      // The next sort walks the whole fixture again.
      await restore(deleted);
      expect(((await api.get('/api/me/tasks?limit=1000')).json() as TaskListDto).count).toBe(FIXTURE_SIZE);
    }
  });
});

/**
 * Puts deleted fixture tasks back with their ids, fields, times, list and position (by SQL, as the
 * fixture's times were set). The position is the deleted task's own, free again since its delete.
 */
async function restore(deleted: TaskDto[]): Promise<void> {
  for (const task of deleted) {
    await t.database.db.execute(sql`
      insert into tasks (user_id, id, title, description, is_completed, completed_at, priority, due_date, tags, created_at, updated_at, version,
        list_id, parent_id, position)
      values (${task.user_id}, ${task.id}, ${task.title}, ${task.description}, ${task.is_completed}, ${task.completed_at}, ${task.priority},
        ${task.due_date}, string_to_array(${task.tags.join(',')}, ','), ${task.created_at}, ${task.updated_at}, ${task.version},
        ${task.list_id}, ${task.parent_id}, ${task.position})`);
  }
}

/** A base64url character, or now and then one from the rest of the BMP (one UTF-16 unit each). */
const SIGNATURE_UNIT = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
);

describe('cursors', () => {
  it('a cursor is bound to its sort, and a tampered one is refused', async () => {
    const first = (await as(t.app, main.user).get('/api/me/tasks?sort=title&limit=2')).json() as TaskListDto;
    expect(first.next_cursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.next_cursor!);
    expect((await as(t.app, main.user).get(`/api/me/tasks?sort=-title&limit=2&cursor=${cursor}`)).statusCode).toBe(400);
    const tampered = encodeURIComponent(`${first.next_cursor!.slice(0, -2)}AA`);
    expect((await as(t.app, main.user).get(`/api/me/tasks?sort=title&limit=2&cursor=${tampered}`)).statusCode).toBe(400);
  });

  it.each([
    `abc.${'é'.repeat(22)}`, `${'é'.repeat(10)}.${'A'.repeat(22)}`, `abc.${'😀'.repeat(11)}`, `abc.${'A'.repeat(21)}\u0000`, '', '.', 'a.b.c', 'abc', `abc.${'A'.repeat(22)}`,
  ])('a garbage cursor %j is 400 VALIDATION_ERROR naming cursor, never a 500', async (garbage) => {
    const res = await as(t.app, main.user).get(`/api/me/tasks?sort=title&limit=2&cursor=${encodeURIComponent(garbage)}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error_code: 'VALIDATION_ERROR', field_errors: [expect.objectContaining({ field: 'cursor' })] });
  });

  it('any string as a cursor, with a real signature\'s length or not, is a 400 (property)', async () => {
    const real = ((await as(t.app, main.user).get('/api/me/tasks?sort=title&limit=2')).json() as TaskListDto).next_cursor!;
    const [payload] = real.split('.');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          // 22 UTF-16 units, like a real signature, some of them not ASCII (more than 22 bytes).
          fc.string({ unit: SIGNATURE_UNIT, minLength: 22, maxLength: 22 }).map((signature) => `${payload}.${signature}`),
        ),
        async (garbage) => {
          const res = await as(t.app, main.user).get(`/api/me/tasks?sort=title&limit=2&cursor=${encodeURIComponent(garbage.replace(/[\ud800-\udfff]/gu, '\ufffd'))}`);
          expect(res.statusCode, `${JSON.stringify(garbage)} → ${res.body}`).toBe(400);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('another user\'s cursor walks only your own tasks', async () => {
    const theirs = (await as(t.app, other.user).get('/api/me/tasks?sort=title&limit=3')).json() as TaskListDto;
    const cursor = encodeURIComponent(theirs.next_cursor!);
    const res = await as(t.app, main.user).get(`/api/me/tasks?sort=title&limit=1000&cursor=${cursor}`);
    expect(res.statusCode).toBe(200);
    const page = res.json() as TaskListDto;
    expect(page.items.every((x) => x.user_id === main.user.id)).toBe(true);
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('tied tasks are told apart by id: a walk of one task per page passes each exactly once', async () => {
    // Under sort=title the three "alpha" tasks tie; a walk of limit 1 must pass each exactly once.
    const alphas = main.tasks.filter((x) => x.title === 'alpha').map((x) => x.id).sort();
    expect(alphas.length).toBeGreaterThan(1);
    const { items } = await walk(main.user, 'sort=title&q=alpha', 1);
    expect(items.map((x) => x.id)).toEqual(alphas);
  });
});
