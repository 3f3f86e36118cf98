// POST /api/{user_id}/tasks: defaults, normalisation (trimmed titles, canonical priorities,
// de-duplicated tags) and every validation limit of the contract, counted in code points.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { getTask, ISO_UTC, TASKS, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const post = (body: unknown) => as(t.app, user).post(TASKS, body);

async function created(body: Record<string, unknown>): Promise<Task> {
  const res = await post(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Task;
}

describe('POST creates a task', () => {
  it('answers 201 with Location, ETag and the defaults', async () => {
    const res = await post({ title: 'Buy milk' });
    expect(res.statusCode).toBe(201);
    const task = res.json() as Task;
    expect(res.headers.location).toBe(`/api/me/tasks/${task.id}`);
    expect(res.headers.etag).toBe('"v1"');
    // Without list_id a task goes to the Inbox, at the top level.
    const inbox = ((await as(t.app, user).get('/api/me/lists')).json() as { items: Array<{ id: string; is_inbox: boolean }> }).items[0]!;
    expect(inbox.is_inbox).toBe(true);
    expect(task).toMatchObject({
      user_id: user.id, title: 'Buy milk', description: null, is_completed: false, priority: 'Medium',
      due_date: null, tags: [], version: 1, completed_at: null, list_id: inbox.id, parent_id: null,
    });
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(task.created_at).toMatch(ISO_UTC);
    expect(task.updated_at).toBe(task.created_at);
    expect(task.position).toEqual(expect.any(String));
    expect(task.position).not.toBe('');
    expect(Object.keys(task).sort()).toEqual([
      'completed_at', 'created_at', 'description', 'due_date', 'id', 'is_completed', 'last_completed_at', 'list_id', 'parent_id', 'position',
      'priority', 'recurrence', 'reminders', 'tags', 'time_zone', 'title', 'updated_at', 'user_id', 'version',
    ]);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('under the user\'s own id (any case) the Location names that id', async () => {
    const res = await as(t.app, user).post(`/api/${user.id.toUpperCase()}/tasks`, { title: 'own path' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/${user.id}/tasks/${res.json().id}`);
  });

  it('keeps every field given, and a completed task gets completed_at', async () => {
    const task = await created({
      title: 'Report', description: 'Quarterly numbers', is_completed: true, priority: 'Low',
      due_date: '2030-05-01T12:00:00+02:00', tags: ['work', 'q2'],
    });
    expect(task).toMatchObject({
      title: 'Report', description: 'Quarterly numbers', is_completed: true, priority: 'Low',
      due_date: '2030-05-01T10:00:00.000Z', tags: ['work', 'q2'],
    });
    expect(task.completed_at).toMatch(ISO_UTC);
  });

  it('trims the title, and a blank or empty title is a 422 naming title', async () => {
    expect((await created({ title: '  \t padded \n ' })).title).toBe('padded');
    expectError(await post({ title: '   \t\n ' }), 422, 'VALIDATION_ERROR', ['title']);
    expectError(await post({ title: '' }), 422, 'VALIDATION_ERROR', ['title']);
    expectError(await post({}), 422, 'VALIDATION_ERROR', ['title']);
  });

  it('counts title length in code points: 255 emoji pass, 256 do not', async () => {
    expect((await created({ title: '😀'.repeat(255) })).title).toBe('😀'.repeat(255));
    expect((await created({ title: 'a'.repeat(255) })).title).toHaveLength(255);
    expectError(await post({ title: '😀'.repeat(256) }), 422, 'VALIDATION_ERROR', ['title']);
    expectError(await post({ title: 'a'.repeat(256) }), 422, 'VALIDATION_ERROR', ['title']);
  });

  it('accepts a description of 2000 characters (emoji too) and refuses 2001', async () => {
    expect((await created({ title: 'd', description: 'x'.repeat(2000) })).description).toHaveLength(2000);
    expect((await created({ title: 'd', description: '😀'.repeat(2000) })).description).toBe('😀'.repeat(2000));
    expectError(await post({ title: 'd', description: 'x'.repeat(2001) }), 422, 'VALIDATION_ERROR', ['description']);
  });

  it('takes priority in any case and returns it capitalised; an unknown priority is a 422', async () => {
    expect((await created({ title: 'p', priority: 'high' })).priority).toBe('High');
    expect((await created({ title: 'p', priority: 'LOW' })).priority).toBe('Low');
    expect((await created({ title: 'p', priority: 'mEdIuM' })).priority).toBe('Medium');
    expectError(await post({ title: 'p', priority: 'urgent' }), 422, 'VALIDATION_ERROR', ['priority']);
    expectError(await post({ title: 'p', priority: null }), 422, 'VALIDATION_ERROR', ['priority']);
  });
});

describe('tags', () => {
  it('drops duplicates, keeping the first occurrence and the order', async () => {
    expect((await created({ title: 't', tags: ['b', 'a', 'b', 'c', 'a'] })).tags).toEqual(['b', 'a', 'c']);
  });

  it('counts the 20-tag limit after de-duplication', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `tag${i}`);
    expect((await created({ title: 't', tags: [...twenty, 'tag0', 'tag5'] })).tags).toEqual(twenty);
    expectError(await post({ title: 't', tags: [...twenty, 'tag20'] }), 422, 'VALIDATION_ERROR', ['tags']);
  });

  it('refuses a tag with a comma, an empty tag and a tag over 50 characters', async () => {
    const comma = await post({ title: 't', tags: ['ok', 'a,b'] });
    expectError(comma, 422, 'VALIDATION_ERROR', ['tags[1]']);
    expectError(await post({ title: 't', tags: [''] }), 422, 'VALIDATION_ERROR', ['tags[0]']);
    expectError(await post({ title: 't', tags: ['y'.repeat(51)] }), 422, 'VALIDATION_ERROR', ['tags[0]']);
    expect((await created({ title: 't', tags: ['😀'.repeat(50)] })).tags).toEqual(['😀'.repeat(50)]);
  });
});

describe('a body that does not fit is a 422 naming the field', () => {
  it('unknown fields, including ones a client might hope to set', async () => {
    expectError(await post({ title: 'x', titel: 'typo' }), 422, 'VALIDATION_ERROR', ['titel']);
    expectError(await post({ title: 'x', user_id: user.id }), 422, 'VALIDATION_ERROR', ['user_id']);
    expectError(await post({ title: 'x', version: 7 }), 422, 'VALIDATION_ERROR', ['version']);
    expectError(await post({ title: 'x', id: crypto.randomUUID() }), 422, 'VALIDATION_ERROR', ['id']);
  });

  it.each([
    ['title', 42],
    ['description', 5],
    ['is_completed', 'true'],
    ['is_completed', 1],
    ['priority', 2],
    ['tags', 'work'],
    ['tags', [1]],
    ['due_date', 1767225600000],
  ])('%s = %j', async (field, value) => {
    const res = await post({ title: 'typed', [field]: value });
    expectError(res, 422, 'VALIDATION_ERROR');
    expect((res.json() as { field_errors: Array<{ field: string }> }).field_errors.map((e) => e.field.replace(/\[\d+\]$/, ''))).toContain(field);
  });

  it.each(['2026-01-24T10:30:00', '2026-01-24', 'tomorrow', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', ''])(
    'due_date %j (no time zone, or not a time)',
    async (value) => {
      expectError(await post({ title: 'due', due_date: value }), 422, 'VALIDATION_ERROR', ['due_date']);
    },
  );

  it('reports every faulty field at once', async () => {
    const res = await post({ title: '', priority: 'urgent', extra: 1 });
    expectError(res, 422, 'VALIDATION_ERROR', ['title', 'priority', 'extra']);
  });

  it('a body that is not an object is refused, and nothing was created', async () => {
    const before = (await as(t.app, user).get(`${TASKS}/metrics`)).json().total as number;
    expectError(await post([{ title: 'x' }]), 422, 'VALIDATION_ERROR');
    expectError(await as(t.app, user).post(TASKS, '"just text"', { 'content-type': 'application/json' }), 422, 'VALIDATION_ERROR');
    expect((await as(t.app, user).get(`${TASKS}/metrics`)).json().total).toBe(before);
  });
});
