// Live updates across the ends of streams, in Debian's Chromium. The app here ends every event
// stream after 2 s (as it does after 15 min in production), so each test sees real server-side
// ends: the browser resumes with Last-Event-ID, quietly (no pill), and a change made in the gap
// still arrives; and once the session has ended elsewhere, the next reconnect is refused (401)
// and the page goes back to signing in.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/users.js';
import { browserApp } from './browser-app.js';

const web = browserApp({ EVENTS_MAX_LIFETIME_MS: '2000' });

const PASSWORD = 'round and round again';
const isStream = (url: string) => new URL(url).pathname === '/api/me/events';

async function signUp(page: Page, email: string) {
  const opened = page.waitForResponse((r) => isStream(r.url()) && r.status() === 200);
  await page.goto(web.origin);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Name').fill('Looper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByText('No tasks yet').waitFor();
  await opened;
}

/** The server ends the page's stream. */
const streamEnded = (page: Page) => page.waitForEvent('requestfinished', { predicate: (r) => isStream(r.url()), timeout: 10_000 });

it('a stream the server ends resumes with Last-Event-ID, shows no pill, and a change made in the gap arrives', async () => {
  const email = uniqueEmail('looper');
  const page = await web.newPage(1280, 800);
  await signUp(page, email);
  const signIn = await fetch(`${web.origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { token } = (await signIn.json()) as { token: string };
  await page.evaluate(() => {
    const w = window as { sawPill?: boolean };
    w.sawPill = false;
    new MutationObserver(() => {
      if (document.querySelector('.connection-pill')) w.sawPill = true;
    }).observe(document.body, { subtree: true, childList: true });
  });

  for (const title of ['Made in the first gap', 'Made in the second gap']) {
    await streamEnded(page);
    const resumed = page.waitForRequest((r) => isStream(r.url()));
    // The browser waits 2 s (the server's retry:) before reconnecting: this lands in between.
    const res = await fetch(`${web.origin}/api/me/tasks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    expect(res.status).toBe(201);
    expect((await (await resumed).allHeaders())['last-event-id']).toMatch(/.+/);
    // The gap (2 s) plus the usual delivery.
    await expect.poll(() => page.getByRole('checkbox', { name: title, exact: true }).count(), { timeout: 4000 }).toBe(1);
  }
  expect(await page.evaluate(() => (window as { sawPill?: boolean }).sawPill)).toBe(false);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a session ended elsewhere: the next reconnect is refused (401) and the page signs out', async () => {
  const page = await web.newPage(1280, 800, { expectFailuresAt: (url) => url.pathname.startsWith('/api/me/') });
  await signUp(page, uniqueEmail('ended'));
  // Between two streams (nothing else in flight), the session is revoked, as signing out in
  // another tab of this browser does.
  await streamEnded(page);
  const out = await page.request.post(`${web.origin}/api/auth/sign-out`, { headers: { Origin: web.origin }, data: {} });
  expect(out.status()).toBe(200);
  await page.waitForResponse((r) => isStream(r.url()) && r.status() === 401, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 5000 });
  expect(web.problems).toEqual([]);
}, 120_000);
