// If-Match on every write (PUT, PATCH, PATCH .../complete, DELETE): a stale tag is 412 and
// changes nothing; the current tag, one of a list, or "*" lets the write through.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, taskUrl, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

type Write = (id: string, ifMatch: string) => Promise<LightMyRequestResponse>;
const writes: Array<[string, Write, number]> = [
  ['PUT', (id, ifMatch) => as(t.app, user).put(taskUrl(id), { title: 'put', description: null, is_completed: false }, { 'if-match': ifMatch }), 200],
  ['PATCH', (id, ifMatch) => as(t.app, user).patch(taskUrl(id), { title: 'patched' }, { 'if-match': ifMatch }), 200],
  ['PATCH {}', (id, ifMatch) => as(t.app, user).patch(taskUrl(id), {}, { 'if-match': ifMatch }), 200],
  ['PATCH complete', (id, ifMatch) => as(t.app, user).patch(`${taskUrl(id)}/complete`, undefined, { 'if-match': ifMatch }), 200],
  ['DELETE', (id, ifMatch) => as(t.app, user).delete(taskUrl(id), { 'if-match': ifMatch }), 204],
];

/** A task at version 2, so both older and newer tags are stale. */
async function taskAtV2(): Promise<Task> {
  const task = await createTask(t.app, user, { title: 'guarded', description: 'd', priority: 'High', tags: ['g'] });
  const res = await as(t.app, user).patch(taskUrl(task.id), { description: 'v2' });
  expect(res.json().version).toBe(2);
  return res.json() as Task;
}

describe.each(writes)('%s with If-Match', (_name, write, okStatus) => {
  it.each(['"v1"', '"v3"', 'W/"v1"', '"v1", "v3"', 'garbage', '""'])('stale or unknown tag %s → 412 PRECONDITION_FAILED, nothing changed', async (tag) => {
    const task = await taskAtV2();
    expectError(await write(task.id, tag), 412, 'PRECONDITION_FAILED');
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it.each(['"v2"', '"v1", "v2"', ' "v2" ', '*'])('matching tag %s → success', async (tag) => {
    const task = await taskAtV2();
    const res = await write(task.id, tag);
    expect(res.statusCode, res.body).toBe(okStatus);
    if (okStatus === 204) {
      expectError(await as(t.app, user).get(taskUrl(task.id)), 404, 'NOT_FOUND');
    } else {
      const expectedVersion = _name === 'PATCH {}' ? 2 : 3;
      expect(res.json().version).toBe(expectedVersion);
      expect(res.headers.etag).toBe(`"v${expectedVersion}"`);
    }
  });

  it('a missing task is 404 whatever the tag', async () => {
    for (const tag of ['"v1"', '*', 'garbage']) expectError(await write(crypto.randomUUID(), tag), 404, 'NOT_FOUND');
  });
});

describe('the read-modify-write cycle', () => {
  it('the ETag of one write is the If-Match of the next; an old one is refused', async () => {
    const task = await createTask(t.app, user, { title: 'cycle' });
    const first = await as(t.app, user).patch(taskUrl(task.id), { title: 'first' }, { 'if-match': '"v1"' });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    const second = await as(t.app, user).patch(taskUrl(task.id), { title: 'second' }, { 'if-match': etag });
    expect(second.statusCode).toBe(200);
    expectError(await as(t.app, user).patch(taskUrl(task.id), { title: 'lost update' }, { 'if-match': etag }), 412, 'PRECONDITION_FAILED');
    expect((await getTask(t.app, user, task.id)).title).toBe('second');
  });

  it('validation comes before the precondition: a bad body with a stale tag is a 422', async () => {
    const task = await taskAtV2();
    expectError(await as(t.app, user).patch(taskUrl(task.id), { title: '' }, { 'if-match': '"v1"' }), 422, 'VALIDATION_ERROR', ['title']);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });
});
