// The web app end to end in Debian's Chromium: a person signs up, manages tasks, signs out, and
// a second person sees none of it. Any uncaught page error, console error or failed request fails.
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/users.js';
import { browserApp, SCREENSHOTS } from './browser-app.js';
import { localInputIn, submitSignUp } from './sign-up.js';

const web = browserApp();

async function signUp(page: Page, name: string, email: string, password: string) {
  await submitSignUp(page, web.origin, { name, email, password });
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function addTask(page: Page, title: string, extra: { description?: string; priority?: string; tags?: string; due?: string } = {}) {
  await page.getByLabel('Title', { exact: true }).fill(title);
  if (extra.description) await page.getByLabel('Description').fill(extra.description);
  if (extra.priority) await page.getByLabel('Priority').selectOption(extra.priority);
  if (extra.due) await page.getByLabel('Due', { exact: true }).fill(extra.due);
  if (extra.tags) await page.getByLabel('Tags').fill(extra.tags);
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('checkbox', { name: title, exact: true }).waitFor();
}


/** Waits until the metrics bar counts `total` tasks (it refreshes after the list's optimistic change). */
async function waitForTotal(page: Page, total: number) {
  const cell = page.getByRole('region', { name: 'Summary' }).locator('.metric').filter({ hasText: 'Total' }).locator('dd');
  await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe(String(total));
}

const item = (page: Page, title: string) => page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: title, exact: true }) });

it('the page and /docs are served under the CSP and work without violating it', async () => {
  const page = await web.newPage(1280, 800);
  const response = await page.goto(web.origin);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
  await page.getByRole('button', { name: 'Sign up', exact: true }).waitFor();

  const docs = await page.goto(`${web.origin}/docs`);
  expect(docs?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'Task Service API' }).waitFor();
  await page.locator('.opblock-summary').filter({ hasText: '/api/{user_id}/tasks' }).first().click();
  await page.getByRole('button', { name: 'Try it out' }).first().waitFor();
  // A violation is reported asynchronously: give the event loop a turn before judging.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  // The check reports violations at all: an inline script is refused and reported.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
  });
  await expect.poll(() => web.problems.some((p) => p.includes('CSP violation: script-src'))).toBe(true);
  expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  const found = web.problems.splice(0);
  const provoked = found.filter((p) => p.includes('script-src'));
  expect(provoked.length).toBeGreaterThan(0);
  expect(found.filter((p) => !provoked.includes(p))).toEqual([]);
});

it('a person signs up, manages tasks, and a second person sees none of them', async () => {
  const page = await web.newPage(1280, 800);
  const email = uniqueEmail('ada');
  const password = 'correct horse battery';
  await signUp(page, 'Ada', email, password);
  await page.getByText('No tasks yet').waitFor();

  await addTask(page, 'Buy oat milk', { description: 'the barista kind', priority: 'High', tags: 'home, shopping' });
  await addTask(page, 'Write quarterly report', { tags: 'work' });
  await addTask(page, 'Call the plumber', { priority: 'Low' });

  const toggled = page.waitForResponse((r) => r.url().includes('/complete'));
  await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).check();
  expect((await toggled).status()).toBe(200);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).waitFor();
  expect(await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: 'Buy oat milk', exact: true }).isChecked()).toBe(false);
  await waitForTotal(page, 3);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'desktop-1280x800.png'), fullPage: true });

  // Search is server-side and debounced.
  await page.getByLabel('Search tasks').fill('report');
  await expect.poll(() => page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(1);
  await page.getByLabel('Search tasks').fill('');
  await expect.poll(() => page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(3);

  await item(page, 'Write quarterly report').getByRole('button', { name: 'Edit' }).click();
  await item(page, 'Write quarterly report').getByLabel('Title').fill('Write annual report');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();

  await item(page, 'Buy oat milk').getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => page.getByRole('checkbox', { name: 'Buy oat milk', exact: true }).count(), { timeout: 10_000 }).toBe(0);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();
  expect(await page.getByRole('checkbox').count()).toBe(2);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();

  // A second person sees none of the first person's tasks.
  await signUp(page, 'Grace', uniqueEmail('grace'), 'another good passphrase');
  await page.getByText('No tasks yet').waitFor();
  expect(await page.getByRole('checkbox').count()).toBe(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The first person signs back in and finds their tasks.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();
  expect(await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).isChecked()).toBe(true);

  expect(web.problems).toEqual([]);
}, 120_000);

it('fits a phone-sized screen without horizontal scrolling', async () => {
  const page = await web.newPage(390, 844);
  await signUp(page, 'Phone', uniqueEmail('phone'), 'a fine long password');
  await addTask(page, 'A task with a rather long title that has to wrap on a small screen', { tags: 'mobile, layout' });
  // An overdue one too: its marker (border, indent) must fit as well.
  await addTask(page, 'Renew the passport', { due: await localInputIn(page, -24 * 3600_000) });
  await waitForTotal(page, 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-390x844.png'), fullPage: true });
  expect(web.problems).toEqual([]);
}, 120_000);

it('marks a task overdue, in the badge\'s red, once its due time passes while it is on screen', async () => {
  // The page's clock is fake (it runs, and can be moved on), so no test waits for minutes to pass.
  const page = await web.newPage(1280, 800, { setup: (context) => context.clock.install({ time: new Date() }) });
  await signUp(page, 'Clock', uniqueEmail('clock'), 'time flies like an arrow');
  // Due one to two minutes from now (the input has minutes only).
  await addTask(page, 'Water the plants', { due: await localInputIn(page, 2 * 60_000) });
  await page.reload();
  const task = item(page, 'Water the plants');
  await task.waitFor();
  expect(await task.getAttribute('class')).not.toContain('is-overdue');
  expect(await task.getByText('Overdue').count()).toBe(0);

  // Three minutes on without firing any timer: the page has not looked at the clock yet.
  await page.clock.setSystemTime(Date.now() + 3 * 60_000);
  await page.waitForTimeout(500);
  expect(await task.getByText('Overdue').count()).toBe(0);
  // Its once-a-minute look at the clock marks the task.
  await page.clock.runFor(60_000);
  await task.getByText('Overdue').waitFor({ timeout: 10_000 });
  expect(await task.getAttribute('class')).toContain('is-overdue');
  const look = await task.evaluate((li) => {
    const badge = li.querySelector('.badge-overdue')!;
    const style = getComputedStyle(li);
    return { width: style.borderLeftWidth, line: style.borderLeftStyle, color: style.borderLeftColor, badge: getComputedStyle(badge).backgroundColor };
  });
  expect(look).toEqual({ width: '4px', line: 'solid', color: look.badge, badge: look.badge });
  expect(look.color).not.toBe('rgba(0, 0, 0, 0)');
  expect(web.problems).toEqual([]);
}, 120_000);

it('says so when signing out fails, and stays signed in', async () => {
  const page = await web.newPage(1280, 800, { expectFailuresAt: (url) => url.pathname === '/api/auth/sign-out' });
  await signUp(page, 'Stuck', uniqueEmail('stuck'), 'a door that will not close');
  await page.route('**/api/auth/sign-out', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"unavailable"}' }));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('alert').filter({ hasText: 'Could not sign out' }).waitFor({ timeout: 10_000 });
  expect(await page.getByRole('button', { name: 'Sign out' }).isEnabled()).toBe(true);

  // The server answers again: the next try works, and the message goes.
  await page.unroute('**/api/auth/sign-out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  expect(web.problems).toEqual([]);
}, 120_000);
