// Reminders end to end in Debian's Chromium: listed, added and removed in the edit form and saved
// with the task; when one fires (the scheduler polls every 200 ms here) the page shows a toast and
// a browser notification, and either opens the task, even from another list. The permission
// prompt comes once, from adding a reminder, never again. The page's Notification is wrapped
// (addInitScript) to record what the page shows and to stand in for the permission prompt.
import path from 'node:path';
import { expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { TaskDto } from '../../src/tasks/tasks.schemas.js';
import { browserApp, SCREENSHOTS } from './browser-app.js';
import { apiSession, localInputIn, signUp } from './sign-up.js';

/** How far ahead of real time the scheduler's clock runs (the late test moves it; the others keep it at 0). */
let clockAhead = 0;
const web = browserApp({ REMINDERS_POLL_MS: '200' }, { clock: () => new Date(Date.now() + clockAhead) });

interface Recorded {
  shown: { title: string; body?: string; tag?: string }[];
  prompts: number;
}

/** Records every notification the page makes; `prompt`: what the stand-in permission prompt answers. */
function recordNotifications(prompt?: NotificationPermission) {
  return async (context: BrowserContext) => {
    await context.addInitScript((answer) => {
      const recorded = { shown: [] as object[], prompts: 0 };
      const instances: Notification[] = [];
      (window as unknown as { __notifications: unknown }).__notifications = recorded;
      (window as unknown as { __notificationInstances: unknown }).__notificationInstances = instances;
      const Real = window.Notification;
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          recorded.shown.push({ title, body: options?.body, tag: options?.tag });
          super(title, options);
          instances.push(this);
        }
      }
      if (answer) {
        let state: NotificationPermission = 'default';
        Object.defineProperty(Recording, 'permission', { get: () => state });
        Recording.requestPermission = async () => {
          recorded.prompts += 1;
          state = answer;
          return state;
        };
      }
      window.Notification = Recording;
    }, prompt);
    if (!prompt) await context.grantPermissions(['notifications'], { origin: web.origin });
  };
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Recorded }).__notifications);
const item = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
const editForm = (page: Page) => page.locator('li.task.editing');
const reminders = (page: Page) => editForm(page).getByRole('group', { name: 'Reminders' });
const toasts = (page: Page) => page.getByRole('list', { name: 'Reminders' });
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Lists' });
const heading = (page: Page) => page.locator('#task-list-heading');


/** Makes a new list and shows it, so the Inbox's tasks are out of sight. */
async function showAnotherList(page: Page) {
  const name = `Errands ${Math.random().toString(36).slice(2, 6)}`;
  await sidebar(page).getByLabel('New list name', { exact: true }).fill(name);
  await sidebar(page).getByRole('button', { name: 'Add list' }).click();
  await expect.poll(() => heading(page).textContent()).toBe(name);
  // Saved (the sidebar selects it again then): only now is it shown for good.
  await expect.poll(() => sidebar(page).getByRole('button', { name: new RegExp(`^${name}\\s*,`) }).isEnabled()).toBe(true);
}

it('reminders are added and removed in the edit form; one that fires shows a toast and a notification, and both open the task', async () => {
  const page = await web.newPage(1280, 900, { setup: recordNotifications() });
  const email = await signUp(web, page, 'Remy');
  const api = await apiSession(web, email);
  const due = new Date(Date.now() + 3_600_000).toISOString();
  const { body: task } = await api<TaskDto>('POST', '/api/me/tasks', { title: 'Call the dentist', due_date: due });
  await item(page, 'Call the dentist').waitFor();

  // Two added, one removed, saved with the task.
  await item(page, 'Call the dentist').getByRole('button', { name: 'Edit', exact: true }).click();
  await reminders(page).getByText('No reminders.').waitFor();
  await reminders(page).getByLabel('Remind me').selectOption({ label: '15 minutes before' });
  await reminders(page).getByRole('button', { name: 'Add reminder' }).click();
  await reminders(page).getByLabel('Remind me').selectOption({ label: 'At a date and time…' });
  await reminders(page).getByLabel('Reminder time').fill(await localInputIn(page, 30 * 60_000));
  await reminders(page).getByRole('button', { name: 'Add reminder' }).click();
  expect(await reminders(page).getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('15 minutes before'), expect.stringMatching(/^At /)]);
  await item(page, 'Call the dentist').screenshot({ path: path.join(SCREENSHOTS, 'reminders-edit-form.png') });
  await reminders(page).getByRole('button', { name: 'Remove reminder: 15 minutes before' }).click();
  expect(await reminders(page).getByRole('listitem').count()).toBe(1);
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/me/tasks/${task.id}`);
  await editForm(page).getByRole('button', { name: 'Save' }).click();
  const body = (await (await saved).json()) as TaskDto;
  expect(body.reminders).toEqual([{ id: expect.any(String), at: expect.any(String) }]);
  await item(page, 'Call the dentist').getByText(/Reminder: At /).waitFor();
  // Permission was granted already: no prompt.
  expect((await recorded(page)).prompts).toBe(0);

  // One due in a moment fires while another list is shown: a toast, and a notification.
  await showAnotherList(page);
  expect((await api('PATCH', `/api/me/tasks/${task.id}`, { reminders: [{ at: new Date(Date.now() + 1500).toISOString() }] })).status).toBe(200);
  const toast = toasts(page).getByRole('button', { name: /^Reminder: Call the dentist/ });
  await toast.waitFor({ timeout: 20_000 });
  expect((await recorded(page)).shown).toEqual([expect.objectContaining({ title: 'Reminder: Call the dentist' })]);
  expect(await toasts(page).locator('.badge-late').count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reminder-toast.png') });

  // The toast opens the task: back in the Inbox, its checkbox focused; the toast is gone.
  await toast.click();
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  const checkbox = page.getByRole('checkbox', { name: 'Call the dentist', exact: true });
  await expect.poll(() => checkbox.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await toasts(page).count()).toBe(0);
  // Highlighted for a moment, then not.
  expect(await page.locator('li.task.spotlit').count()).toBe(1);
  await expect.poll(() => page.locator('li.task.spotlit').count(), { timeout: 5000 }).toBe(0);

  // So does the notification, straight after another list is chosen (while the page still shows
  // the Inbox's rows, until the new list's answer comes).
  const clickNotification = () =>
    page.evaluate(() => {
      const [shown] = (window as unknown as { __notificationInstances: Notification[] }).__notificationInstances;
      shown?.onclick?.(new Event('click'));
    });
  await showAnotherList(page);
  await clickNotification();
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  await expect.poll(() => checkbox.evaluate((el) => el === document.activeElement)).toBe(true);
  // And again with the task already in sight: focus returns to it, highlighted again.
  await expect.poll(() => page.locator('li.task.spotlit').count(), { timeout: 5000 }).toBe(0);
  await heading(page).focus();
  await clickNotification();
  await expect.poll(() => checkbox.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await page.locator('li.task.spotlit').count()).toBe(1);
  expect(await heading(page).textContent()).toBe('Inbox');
  expect(web.problems).toEqual([]);
}, 120_000);

it('the notification prompt comes once, from adding a reminder, and not again after a reload', async () => {
  const page = await web.newPage(1280, 900, { setup: recordNotifications('denied') });
  const email = await signUp(web, page, 'Prompt');
  const api = await apiSession(web, email);
  await api('POST', '/api/me/tasks', { title: 'Pay rent', due_date: new Date(Date.now() + 86_400_000).toISOString() });
  await item(page, 'Pay rent').waitFor();
  // Nothing asks on its own.
  expect((await recorded(page)).prompts).toBe(0);

  const addTwo = async () => {
    await item(page, 'Pay rent').getByRole('button', { name: 'Edit', exact: true }).click();
    for (const label of ['5 minutes before', '1 day before']) {
      await reminders(page).getByLabel('Remind me').selectOption({ label });
      await reminders(page).getByRole('button', { name: 'Add reminder' }).click();
    }
    await editForm(page).getByRole('button', { name: 'Cancel' }).click();
  };
  await addTwo();
  expect((await recorded(page)).prompts).toBe(1);
  // The stand-in prompt's answer stays only in this page: a reloaded one would be asked again, were it not remembered.
  await page.reload();
  await item(page, 'Pay rent').waitFor();
  await addTwo();
  expect((await recorded(page)).prompts).toBe(0);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a reminder that fired late (the service was down at its time) is marked late', async () => {
  const page = await web.newPage(1280, 900, { setup: recordNotifications() });
  const email = await signUp(web, page, 'Latecomer');
  const api = await apiSession(web, email);
  const created = await api<TaskDto>('POST', '/api/me/tasks', { title: 'Renew passport', reminders: [{ at: new Date(Date.now() + 30_000).toISOString() }] });
  expect(created.status).toBe(201);
  // The scheduler next looks three minutes on: the reminder's time is long past, as after downtime.
  clockAhead = 3 * 60_000;
  try {
    const toast = toasts(page).getByRole('button', { name: /^Reminder: Renew passport\s*late/ });
    await toast.waitFor();
    expect((await recorded(page)).shown).toEqual([expect.objectContaining({ title: 'Reminder: Renew passport', body: expect.stringMatching(/^Late reminder/) })]);
    await toasts(page).getByRole('button', { name: 'Dismiss reminder: Renew passport' }).click();
    expect(await toasts(page).count()).toBe(0);
  } finally {
    clockAhead = 0;
  }
  expect(web.problems).toEqual([]);
}, 120_000);
