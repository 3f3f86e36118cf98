// Webhooks end to end: registered (secret once), task changes delivered to a receiver on
// loopback in order with a valid signature, retried after 500s with the same delivery id,
// private addresses refused without WEBHOOK_ALLOW_PRIVATE, and each user's hooks their own; a
// reminder firing is delivered; a hook failing for longer than the give-up time is marked failing
// and its queue dropped; deleting an account takes its queued deliveries with it.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ReminderScheduler } from '../../src/reminders/reminder-scheduler.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { countRows } from '../auth/support/count-rows.js';
import { expectError } from '../helpers/expect-error.js';
import { as, signUp, type TestUser } from '../helpers/users.js';

interface Received { headers: http.IncomingHttpHeaders; body: string; path: string }

const received: Received[] = [];
let failuresLeft = 0;
let receiver: http.Server;
let receiverUrl: string;
let t: AppWithUsers;
let strict: AppWithUsers;
let scheduler!: ReminderScheduler;
/** What the reminder scheduler's clock says: real time plus however far a test moved it. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      if ((failuresLeft > 0 && req.url === '/flaky') || req.url === '/dead') {
        if (req.url === '/flaky') failuresLeft -= 1;
        res.writeHead(500).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Only t sends deliveries (test/helpers/app.ts: WEBHOOKS_DISPATCH); strict only registers.
  [t, strict] = await Promise.all([
    appWithUsers(3, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOKS_DISPATCH: 'true', WEBHOOKS_POLL_MS: '50', WEBHOOKS_RETRY_BASE_MS: '50', WEBHOOKS_TIMEOUT_MS: '300' }, { clock, onReminderScheduler: (s) => (scheduler = s) }),
    appWithUsers(1),
  ]);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(async () => {
  await Promise.all([t?.close(), strict?.close()]);
  receiver?.close();
});

const HOOKS = '/api/me/webhooks';
interface NewHook { id: string; secret: string; url: string; events: string[]; status: string }

async function register(user: TestUser, path: string, events: string[]): Promise<NewHook> {
  const res = await as(t.app, user).post(HOOKS, { url: `${receiverUrl}${path}`, events });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as NewHook;
}

const at = (path: string) => received.filter((r) => r.path === path);
const parsed = (r: Received) => JSON.parse(r.body) as { event: string; delivered_at: string; data: Record<string, unknown> };

describe('webhooks', () => {
  it('register: 201 with the secret once; GET lists it without; another user sees none; bad bodies 422', async () => {
    const hook = await register(alice, '/listed', ['task.created']);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.status).toBe('active');
    const listed = (await as(t.app, alice).get(HOOKS)).json() as { items: Array<Record<string, unknown>> };
    expect(listed.items.find((h) => h.id === hook.id)).toMatchObject({ url: `${receiverUrl}/listed`, events: ['task.created'], status: 'active', failing_since: null, last_error: null });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect(((await as(t.app, bob).get(HOOKS)).json() as { items: unknown[] }).items).toEqual([]);
    expectError(await as(t.app, alice).post(HOOKS, { url: `${receiverUrl}/x`, events: [] }), 422, 'VALIDATION_ERROR', ['events']);
    expectError(await as(t.app, alice).post(HOOKS, { url: `${receiverUrl}/x`, events: ['task.exploded'] }), 422, 'VALIDATION_ERROR');
    expectError(await as(t.app, alice).post(HOOKS, { url: 'ftp://example.com/x', events: ['reminder'] }), 422, 'VALIDATION_ERROR', ['url']);
    expectError(await as(t.app, alice).post(HOOKS, { url: 'not a url', events: ['reminder'] }), 422, 'VALIDATION_ERROR', ['url']);
    expectError(await as(t.app, bob).delete(`${HOOKS}/${hook.id}`), 404, 'NOT_FOUND');
    expect((await as(t.app, alice).delete(`${HOOKS}/${hook.id}`)).statusCode).toBe(204);
    expectError(await as(t.app, alice).delete(`${HOOKS}/${hook.id}`), 404, 'NOT_FOUND');
  });

  it('a task\'s life arrives in order, signed, with the Task as data; only the events asked for; not to another user\'s hook', async () => {
    const hook = await register(alice, '/life', ['task.created', 'task.updated', 'task.completed', 'task.deleted']);
    const onlyCompleted = await register(alice, '/completed', ['task.completed']);
    await register(bob, '/bob', ['task.created']);
    const created = await as(t.app, alice).post('/api/me/tasks', { title: 'hooked', tags: ['x'] });
    const id = (created.json() as { id: string }).id;
    await as(t.app, alice).patch(`/api/me/tasks/${id}`, { title: 'hooked again' });
    await as(t.app, alice).patch(`/api/me/tasks/${id}/complete`);
    await as(t.app, alice).delete(`/api/me/tasks/${id}`);
    await expect.poll(() => at('/life').length, { timeout: 10_000 }).toBe(4);
    const life = at('/life').map(parsed);
    expect(life.map((d) => d.event)).toEqual(['task.created', 'task.updated', 'task.completed', 'task.deleted']);
    expect(life[0]!.data).toMatchObject({ id, title: 'hooked', tags: ['x'], is_completed: false, user_id: alice.id });
    expect(life[1]!.data).toMatchObject({ id, title: 'hooked again' });
    expect(life[2]!.data).toMatchObject({ id, is_completed: true });
    expect(typeof life[2]!.data.completed_at).toBe('string');
    for (const delivery of at('/life')) {
      expect(delivery.headers['x-signature']).toBe(`sha256=${createHmac('sha256', hook.secret).update(delivery.body).digest('hex')}`);
      expect(delivery.headers['x-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    await expect.poll(() => at('/completed').length, { timeout: 10_000 }).toBe(1);
    expect(parsed(at('/completed')[0]!).event).toBe('task.completed');
    expect(at('/completed')[0]!.headers['x-signature']).toBe(`sha256=${createHmac('sha256', onlyCompleted.secret).update(at('/completed')[0]!.body).digest('hex')}`);
    expect(at('/bob')).toEqual([]);
  });

  it('a receiver answering 500 twice gets the delivery a third time, with the same X-Delivery-Id; the hook shows the last error meanwhile', async () => {
    await register(bob, '/flaky', ['task.created']);
    failuresLeft = 2;
    await as(t.app, bob).post('/api/me/tasks', { title: 'retried' });
    await expect.poll(() => at('/flaky').length, { timeout: 15_000 }).toBe(3);
    const ids = new Set(at('/flaky').map((r) => r.headers['x-delivery-id']));
    expect(ids.size).toBe(1);
    expect(at('/flaky').map((r) => r.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
    const hook = ((await as(t.app, bob).get(HOOKS)).json() as { items: Array<{ url: string; last_error: string | null; last_success_at: string | null; status: string }> }).items.find((h) => h.url.endsWith('/flaky'))!;
    expect(hook).toMatchObject({ last_error: 'HTTP 500', status: 'active' });
    await expect.poll(async () => ((await as(t.app, bob).get(HOOKS)).json() as { items: Array<{ url: string; last_success_at: string | null }> }).items.find((h) => h.url.endsWith('/flaky'))!.last_success_at).not.toBeNull();
  });

  it.each([
    'http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://10.1.2.3/hook', 'http://192.168.1.10/hook', 'http://172.20.0.1/hook',
    'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://[fd00:ec2::254]/hook', 'http://0.0.0.0/hook',
  ])('without WEBHOOK_ALLOW_PRIVATE, %s → 422 naming url', async (url) => {
    const [carol] = strict.users as [TestUser];
    expectError(await as(strict.app, carol).post(HOOKS, { url, events: ['reminder'] }), 422, 'VALIDATION_ERROR', ['url']);
  });

  it('without WEBHOOK_ALLOW_PRIVATE a public address is accepted', async () => {
    const [carol] = strict.users as [TestUser];
    const res = await as(strict.app, carol).post(HOOKS, { url: 'https://93.184.215.14/hook', events: ['reminder'] });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a reminder that fires is delivered as event reminder, with the task, its title and due date', async () => {
    await register(alice, '/reminded', ['reminder']);
    const due = new Date(Date.now() + 60 * 60_000).toISOString();
    const task = (await as(t.app, alice).post('/api/me/tasks', { title: 'call the dentist', due_date: due, reminders: [{ minutes_before_due: 30 }] })).json() as { id: string };
    offset = 30 * 60_000 + 10_000; // ten seconds after its time: on time, not late
    expect(await scheduler.tick()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => at('/reminded').length, { timeout: 10_000 }).toBe(1);
    const delivery = parsed(at('/reminded')[0]!);
    expect(delivery.event).toBe('reminder');
    expect(delivery.data).toMatchObject({ task_id: task.id, title: 'call the dentist', late: false });
    expect(new Date(delivery.data.due_date as string).toISOString()).toBe(due);
  });

  it('a hook failing for longer than the give-up time (24 h): its delivery is dropped and GET shows it failing', async () => {
    const dana = t.users[2]!;
    const hook = await register(dana, '/dead', ['task.created']);
    await as(t.app, dana).post('/api/me/tasks', { title: 'never arrives' });
    await expect.poll(() => at('/dead').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // A day goes by: the delivery was queued 25 hours ago as far as the dispatcher can tell.
    await t.database.db.execute(sql`update webhook_deliveries set created_at = now() - interval '25 hours' where webhook_id = ${hook.id}`);
    const listed = async () => ((await as(t.app, dana).get(HOOKS)).json() as { items: Array<{ id: string; status: string; failing_since: string | null; last_error: string | null }> }).items.find((h) => h.id === hook.id)!;
    await expect.poll(async () => (await listed()).status, { timeout: 10_000 }).toBe('failing');
    expect(await listed()).toMatchObject({ last_error: 'HTTP 500' });
    expect(typeof (await listed()).failing_since).toBe('string');
    expect(await countRows(t.database, sql`select count(*) from webhook_deliveries where webhook_id = ${hook.id}`)).toBe(0);
    expect(at('/dead').length).toBeGreaterThanOrEqual(2);
    expect((await as(t.app, dana).delete(`${HOOKS}/${hook.id}`)).statusCode).toBe(204);
  });

  it('deleting an account with deliveries queued takes them with it; the dispatcher goes on for everyone else', async () => {
    const erin = t.users[2]!;
    const doomed = await signUp(t.app);
    const hook = await register(doomed, '/dead', ['task.created', 'task.updated']);
    await as(t.app, doomed).post('/api/me/tasks', { title: 'queued' });
    expect(await countRows(t.database, sql`select count(*) from webhook_deliveries where webhook_id = ${hook.id}`)).toBe(1);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/delete-user', headers: { authorization: `Bearer ${doomed.sessionToken}` }, payload: { password: doomed.password } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await countRows(t.database, sql`select count(*) from webhook_deliveries where user_id = ${doomed.id}`)).toBe(0);
    expect(await countRows(t.database, sql`select count(*) from webhooks where user_id = ${doomed.id}`)).toBe(0);
    await register(erin, '/after-deletion', ['task.created']);
    await as(t.app, erin).post('/api/me/tasks', { title: 'still delivered' });
    await expect.poll(() => at('/after-deletion').length, { timeout: 10_000 }).toBe(1);
    expect(parsed(at('/after-deletion')[0]!).data).toMatchObject({ title: 'still delivered', user_id: erin.id });
  });
});
