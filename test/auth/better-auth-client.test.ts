// Better Auth's own client, in Node, against a listening server: the way a script or another
// server uses the service. Node's fetch sends Sec-Fetch-Mode: cors and no Origin, which Better
// Auth's CSRF check alone would refuse (403 MISSING_OR_NULL_ORIGIN); the service lets it through.
import { createServer } from 'node:http';
import { createAuthClient } from 'better-auth/client';
import { jwtClient } from 'better-auth/client/plugins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../helpers/users.js';
import { buildListeningApp, type ListeningApp } from './support/listening-app.js';

let t: ListeningApp;
beforeAll(async () => {
  t = await buildListeningApp();
});
afterAll(() => t.close());

function client() {
  return createAuthClient({ baseURL: t.baseUrl, plugins: [jwtClient()] });
}

describe('better-auth/client in Node', () => {
  it('Node fetch really sends Sec-Fetch-Mode: cors and no Origin (what this suite relies on)', async () => {
    // Observed on a bare server, so a change in Node or undici shows up here first.
    const seen = await new Promise<Record<string, unknown>>((resolve) => {
      const server = createServer((req, res) => {
        res.end();
        server.close();
        resolve(req.headers);
      }).listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        void fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
      });
    });
    expect(seen['sec-fetch-mode']).toBe('cors');
    expect(seen.origin).toBeUndefined();
  });

  it('signs up, signs in, reads the session, gets a JWT and calls the task API with it', async () => {
    const authClient = client();
    const email = uniqueEmail('node-client');
    const password = 'node client password';

    const signedUp = await authClient.signUp.email({ name: 'Node Client', email, password });
    expect(signedUp.error).toBeNull();
    expect(signedUp.data?.user.email).toBe(email);
    const userId = signedUp.data!.user.id;
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);

    const signedIn = await authClient.signIn.email({ email, password });
    expect(signedIn.error).toBeNull();
    const sessionToken = signedIn.data!.token;
    expect(typeof sessionToken).toBe('string');

    // Node has no cookie jar: the session travels as a bearer token (Better Auth's bearer plugin).
    const auth = { type: 'Bearer' as const, token: sessionToken };
    const session = await authClient.getSession({ fetchOptions: { auth } });
    expect(session.error).toBeNull();
    expect(session.data?.user.id).toBe(userId);

    const minted = await authClient.token({ fetchOptions: { auth } });
    expect(minted.error).toBeNull();
    const jwt = minted.data!.token;
    expect(jwt.split('.')).toHaveLength(3);

    const jwks = await authClient.jwks();
    expect(jwks.error).toBeNull();
    expect(jwks.data!.keys.length).toBeGreaterThan(0);

    const created = await fetch(`${t.baseUrl}/api/me/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from a Node script' }),
    });
    expect(created.status).toBe(201);
    const listed = await fetch(`${t.baseUrl}/api/me/tasks`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { items: { title: string; user_id: string }[]; count: number };
    expect(list.count).toBe(1);
    expect(list.items[0]).toMatchObject({ title: 'from a Node script', user_id: userId });
  });

  it('a wrong password through the client is an error, not a session', async () => {
    const authClient = client();
    const email = uniqueEmail('node-client-wrong');
    expect((await authClient.signUp.email({ name: 'N', email, password: 'the right password' })).error).toBeNull();
    const attempt = await authClient.signIn.email({ email, password: 'the wrong password' });
    expect(attempt.data).toBeNull();
    expect(attempt.error?.status).toBe(401);
  });

  it('signs out through the client: the session token stops working', async () => {
    const authClient = client();
    const email = uniqueEmail('node-client-out');
    const signedUp = await authClient.signUp.email({ name: 'N', email, password: 'sign me out please' });
    const auth = { type: 'Bearer' as const, token: signedUp.data!.token! };
    expect((await authClient.getSession({ fetchOptions: { auth } })).data?.user.email).toBe(email);
    expect((await authClient.signOut({ fetchOptions: { auth } })).error).toBeNull();
    expect((await authClient.getSession({ fetchOptions: { auth } })).data).toBeNull();
    const tasks = await fetch(`${t.baseUrl}/api/me/tasks`, { headers: { authorization: `Bearer ${auth.token}` } });
    expect(tasks.status).toBe(401);
  });
});
