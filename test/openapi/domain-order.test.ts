// app.ts registers the domains in an order that does not matter: the same service, and the same
// OpenAPI document, whichever order they come in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/app.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as } from '../helpers/users.js';

let listed: AppWithUsers;
let reversed: AppWithUsers;
beforeAll(async () => {
  listed = await appWithUsers(0);
  reversed = await appWithUsers(1, {}, { domains: [...DOMAINS].reverse() });
});
afterAll(async () => {
  await listed?.close();
  await reversed?.close();
});

const document = async (t: AppWithUsers) => (await t.app.inject({ url: '/openapi.json' })).json() as Record<string, unknown>;

describe('the domains registered in reverse order', () => {
  it('give the same OpenAPI document', async () => {
    expect(DOMAINS.length).toBeGreaterThan(1);
    const [a, b] = [await document(listed), await document(reversed)];
    expect(Object.keys(a.paths as object).sort()).toEqual(Object.keys(b.paths as object).sort());
    expect(b).toEqual(a);
  });

  it('serve every domain: sign-up (auth), /api/me (account), tasks', async () => {
    const [user] = reversed.users;
    const me = await as(reversed.app, user!).get('/api/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ user_id: user!.id });
    const created = await as(reversed.app, user!).post('/api/me/tasks', { title: 'order-free' });
    expect(created.statusCode, created.body).toBe(201);
    // Type.Ref('Task') resolved inside the tasks plugin, whatever came before it.
    expect(created.json()).toMatchObject({ title: 'order-free', version: 1 });
  });
});
