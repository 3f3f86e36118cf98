// Every task route authenticates, found from the served OpenAPI document rather than a hand-kept
// list, so a route added later is covered without anyone remembering to add it here. Each is
// tried without credentials, with a forged token, with a body and with a malformed id: the answer
// is always 401 (authentication runs before validation, so nothing about the request leaks to a
// stranger), and no task changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
let task: Task;
let operations: Array<{ method: string; url: string }>;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  task = await createTask(t.app, user, { title: 'guarded' });
  const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/{user_id}/tasks'))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), url: path })));
});
afterAll(() => t.close());

const FORGED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.';

describe('requireUser guards every task route', () => {
  it('the document lists the task operations (the sweep below is not empty)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(8);
  });

  it('no credentials, a forged token, a body, a malformed id: always 401 with WWW-Authenticate, nothing changed', async () => {
    const before = (await as(t.app, user).get('/api/me/tasks')).body;
    for (const { method, url } of operations) {
      for (const [userId, id] of [['me', task.id], [user.id, task.id], ['me', 'not-a-uuid'], ['not-a-uuid', task.id]]) {
        const target = url.replace('{user_id}', userId!).replace('{id}', id!);
        const variants: Array<Record<string, string>> = [{}, { authorization: `Bearer ${FORGED}` }, { authorization: 'Bearer not-a-session' }, { cookie: 'better-auth.session_token=forged' }];
        for (const headers of variants) {
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const res = await t.app.inject({ method: method as 'GET', url: target, headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) }, ...(hasBody ? { payload: '{"title":"intruder"}' } : {}) });
          expectError(res, 401, 'UNAUTHORIZED');
          const challenge = headers.authorization === undefined && headers.cookie === undefined ? 'Bearer realm="task-service"' : 'Bearer realm="task-service", error="invalid_token", ';
          expect(res.headers['www-authenticate'], `${method} ${target}`).toMatch(new RegExp(`^${challenge.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        }
      }
      if (method === 'GET') {
        const head = await t.app.inject({ method: 'HEAD', url: url.replace('{user_id}', 'me').replace('{id}', task.id) });
        expect(head.statusCode, `HEAD ${url}`).toBe(401);
      }
    }
    expect((await as(t.app, user).get('/api/me/tasks')).body).toBe(before);
  });
});
