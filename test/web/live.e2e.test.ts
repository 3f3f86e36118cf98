// Live updates end to end in Debian's Chromium: one person in two browser contexts (two sessions),
// and the API. What one does shows in the other within 2 s without a reload; the page's own
// optimistic edit is never overwritten by a refetch that raced it, and a half-typed edit survives
// a change arriving for the same task; going offline shows a status pill, and coming back catches
// up; a refused reconnect is retried. Streams the server ends, and a session ended elsewhere:
// live-reconnect.e2e.test.ts.
import { expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { uniqueEmail } from '../helpers/users.js';
import { browserApp, type PageOptions } from './browser-app.js';
import { apiSession, submitSignUp } from './sign-up.js';

const web = browserApp();

const PASSWORD = 'live wires everywhere';
/** How long a change may take to show in the other page. */
const LIVE = { timeout: 2000 };

const isStream = (url: URL) => url.pathname === '/api/me/events';

/** Resolves once the page's event stream has been answered (successfully). */
const streamOpened = (page: Page) => page.waitForResponse((r) => isStream(new URL(r.url())) && r.status() === 200);

async function signUp(page: Page, name: string, email: string) {
  const opened = streamOpened(page);
  await submitSignUp(page, web.origin, { name, email, password: PASSWORD });
  await page.getByText('No tasks yet').waitFor();
  await opened;
}

/** Resolves once the page has loaded `pathname` (the first page of tasks, the metrics). */
const loaded = (page: Page, pathname: string) => page.waitForResponse((r) => new URL(r.url()).pathname === pathname && r.ok());

async function signIn(page: Page, email: string) {
  // The page's first loads too: a test that goes offline next must not cut one off (a failed request).
  const opened = Promise.all([streamOpened(page), loaded(page, '/api/me/tasks'), loaded(page, '/api/me/tasks/metrics')]);
  await page.goto(web.origin);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await opened;
}

/** One person signed in twice: in `a` by signing up, in `b` (its own browser context) by signing in. */
async function twoPages(name: string, options?: PageOptions) {
  const email = uniqueEmail(name.toLowerCase());
  const a = await web.newPage(1280, 800);
  await signUp(a, name, email);
  const b = await web.newPage(1280, 800, options);
  await signIn(b, email);
  return { a, b, email };
}

const task = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
const checkbox = (page: Page, title: string) => page.getByRole('checkbox', { name: title, exact: true });
const shown = (page: Page, title: string) => () => checkbox(page, title).count();
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Lists' });
const listButton = (page: Page, name: string) => sidebar(page).getByRole('button', { name: new RegExp(`^${name}\\s*,`) });
const total = (page: Page) => page.getByRole('region', { name: 'Summary' }).locator('.metric').filter({ hasText: 'Total' }).locator('dd');
const pill = (page: Page) => page.getByRole('status').filter({ hasText: 'Offline — reconnecting…' });

async function addTask(page: Page, title: string) {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await task(page, title).waitFor();
  await expect.poll(() => task(page, title).getAttribute('aria-busy')).toBeNull();
}

async function rename(page: Page, from: string, to: string) {
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.ok());
  await task(page, from).getByRole('button', { name: 'Edit', exact: true }).click();
  await page.locator('li.task.editing').getByLabel('Title', { exact: true }).fill(to);
  await page.locator('li.task.editing').getByRole('button', { name: 'Save' }).click();
  await saved;
}

it('a task added, renamed, completed and deleted in one browser shows in the other within 2 s', async () => {
  const { a, b } = await twoPages('Twin');

  await addTask(a, 'Feed the cat');
  await expect.poll(shown(b, 'Feed the cat'), LIVE).toBe(1);
  await expect.poll(() => total(b).textContent(), LIVE).toBe('1');
  await expect.poll(() => sidebar(b).getByRole('button', { name: /^Inbox\s*,\s*1 open task$/ }).count(), LIVE).toBe(1);

  await rename(a, 'Feed the cat', 'Feed both cats');
  await expect.poll(shown(b, 'Feed both cats'), LIVE).toBe(1);
  expect(await shown(b, 'Feed the cat')()).toBe(0);

  await checkbox(a, 'Feed both cats').check();
  await expect.poll(() => checkbox(b, 'Feed both cats').isChecked(), LIVE).toBe(true);

  // And back the other way: B's own change shows in A.
  await task(b, 'Feed both cats').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect.poll(shown(a, 'Feed both cats'), LIVE).toBe(0);
  await expect.poll(() => total(a).textContent(), LIVE).toBe('0');

  // Lists too: one made in A appears in B's sidebar.
  await sidebar(a).getByLabel('New list name', { exact: true }).fill('Errands');
  await sidebar(a).getByRole('button', { name: 'Add list' }).click();
  await expect.poll(() => listButton(b, 'Errands').count(), LIVE).toBe(1);

  // Live is quiet: no pill at any point.
  expect(await pill(a).count()).toBe(0);
  expect(await pill(b).count()).toBe(0);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a change made through the API shows within 2 s', async () => {
  const email = uniqueEmail('api');
  const page = await web.newPage(1280, 800);
  await signUp(page, 'Api', email);
  const api = await apiSession(web, email, PASSWORD);

  const created = await api('POST', '/api/me/tasks', { title: 'Sent by a script' });
  expect(created.status).toBe(201);
  const { id } = created.body as { id: string };
  await expect.poll(shown(page, 'Sent by a script'), LIVE).toBe(1);

  expect((await api('PATCH', `/api/me/tasks/${id}`, { title: 'Edited by a script' })).status).toBe(200);
  await expect.poll(shown(page, 'Edited by a script'), LIVE).toBe(1);

  expect((await api('POST', '/api/me/lists', { name: 'Scripted' })).status).toBe(201);
  await expect.poll(() => listButton(page, 'Scripted').count(), LIVE).toBe(1);

  expect((await api('DELETE', `/api/me/tasks/${id}`)).status).toBe(204);
  await expect.poll(shown(page, 'Edited by a script'), LIVE).toBe(0);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a refetch never undoes an edit still on its way, and a half-typed edit survives a change to its task', async () => {
  const { a, b } = await twoPages('Careful');
  await addTask(a, 'Water the ferns');
  await addTask(a, 'Repot the cactus');
  await expect.poll(shown(b, 'Repot the cactus'), LIVE).toBe(1);

  // B renames a task while the server is slow to receive it; meanwhile A's change makes B refetch.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await b.route(
    (url) => url.pathname.startsWith('/api/me/tasks/'),
    async (route) => {
      if (route.request().method() === 'PATCH') await held;
      await route.continue();
    },
  );
  const inFlight = new Set<Request>();
  b.on('request', (r) => {
    if (r.method() === 'GET' && !isStream(new URL(r.url()))) inFlight.add(r);
  });
  b.on('requestfinished', (r) => inFlight.delete(r));
  b.on('requestfailed', (r) => inFlight.delete(r));

  await task(b, 'Water the ferns').getByRole('button', { name: 'Edit', exact: true }).click();
  await b.locator('li.task.editing').getByLabel('Title', { exact: true }).fill('Water the ferns twice');
  await b.locator('li.task.editing').getByRole('button', { name: 'Save' }).click();
  await checkbox(b, 'Water the ferns twice').waitFor();
  // From here on the old title must never come back.
  await b.evaluate(() => {
    const w = window as { sawOldTitle?: boolean };
    w.sawOldTitle = false;
    const look = () => {
      if ([...document.querySelectorAll('.task-title')].some((el) => el.textContent === 'Water the ferns')) w.sawOldTitle = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  // B hears of A's change: its metrics are fetched again (a refetch B's edit does not hold back).
  const heard = b.waitForResponse((r) => new URL(r.url()).pathname === '/api/me/tasks/metrics');
  await addTask(a, 'Buy compost');
  await heard;
  await expect.poll(() => inFlight.size).toBe(0);
  expect(await b.evaluate(() => (window as { sawOldTitle?: boolean }).sawOldTitle)).toBe(false);

  // The edit arrives; then B shows both its own edit and A's new task.
  release();
  await expect.poll(shown(b, 'Buy compost'), LIVE).toBe(1);
  expect(await shown(b, 'Water the ferns twice')()).toBe(1);
  expect(await b.evaluate(() => (window as { sawOldTitle?: boolean }).sawOldTitle)).toBe(false);
  await b.unroute((url) => url.pathname.startsWith('/api/me/tasks/'));

  // B starts editing; A renames the same task. B's title changes, but the form keeps what B typed, and focus.
  await task(b, 'Repot the cactus').getByRole('button', { name: 'Edit', exact: true }).click();
  const field = b.locator('li.task.editing').getByLabel('Title', { exact: true });
  await field.fill('Repot the cactus in');
  await rename(a, 'Repot the cactus', 'Repot the big cactus');
  await expect.poll(shown(b, 'Repot the big cactus'), LIVE).toBe(1);
  expect(await field.inputValue()).toBe('Repot the cactus in');
  expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
  await field.press('End');
  await field.pressSequentially(' spring');
  await b.locator('li.task.editing').getByRole('button', { name: 'Save' }).click();
  await expect.poll(shown(a, 'Repot the cactus in spring'), LIVE).toBe(1);
  expect(web.problems).toEqual([]);
}, 120_000);

it('offline, the page says so; back online, the pill goes and what changed meanwhile shows', async () => {
  // Chromium emulates the outage: it reports offline and refuses the page's requests meanwhile.
  const { a, b } = await twoPages('Roamer', { expectFailuresAt: isStream });
  await addTask(a, 'Before the tunnel');
  await expect.poll(shown(b, 'Before the tunnel'), LIVE).toBe(1);
  expect(await pill(b).count()).toBe(0);

  await b.context().setOffline(true);
  await pill(b).waitFor({ timeout: 2000 });
  expect(await pill(b).getAttribute('aria-live')).toBe('polite');

  await addTask(a, 'In the tunnel');
  await rename(a, 'Before the tunnel', 'Before the long tunnel');

  const reopened = streamOpened(b);
  await b.context().setOffline(false);
  await reopened;
  await expect.poll(() => pill(b).count(), LIVE).toBe(0);
  await expect.poll(shown(b, 'In the tunnel'), LIVE).toBe(1);
  await expect.poll(shown(b, 'Before the long tunnel'), LIVE).toBe(1);

  // Live again: a new change arrives as before.
  await addTask(a, 'Out of the tunnel');
  await expect.poll(shown(b, 'Out of the tunnel'), LIVE).toBe(1);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a refused reconnect (503) is tried again after a backoff, and catches up once accepted', async () => {
  const { a, b } = await twoPages('Patient', { expectFailuresAt: isStream });
  await b.route('**/api/me/events', (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ detail: 'Too many streams', error_code: 'SERVICE_UNAVAILABLE', request_id: 'test' }) }),
  );
  // Going offline and back makes the page open a new stream, which is refused: EventSource gives up.
  const refused = b.waitForResponse((r) => isStream(new URL(r.url())) && r.status() === 503);
  await b.context().setOffline(true);
  await pill(b).waitFor({ timeout: 2000 });
  await b.context().setOffline(false);
  await refused;
  // The page tries again by itself (while refused, the pill stays).
  await b.waitForResponse((r) => isStream(new URL(r.url())) && r.status() === 503, { timeout: 5000 });
  expect(await pill(b).count()).toBe(1);

  await addTask(a, 'Made while refused');
  const accepted = streamOpened(b);
  await b.unroute('**/api/me/events');
  await accepted;
  await expect.poll(() => pill(b).count(), LIVE).toBe(0);
  await expect.poll(shown(b, 'Made while refused'), LIVE).toBe(1);
  expect(web.problems).toEqual([]);
}, 120_000);
