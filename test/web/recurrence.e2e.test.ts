// Recurring tasks end to end in Debian's Chromium: the picker in the add and edit forms (presets,
// chosen weekdays, a custom rule), its preview of the next dates, the form saying a recurrence
// needs a due date before the server has to, the rule in words in the list, and completing a daily
// task: it stays open, due a day later. Checked through the API too (due dates, completions).
// The browser runs in Asia/Tokyo (no daylight saving), so "a day later" is exactly 24 hours.
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TaskDto } from '../../src/tasks/tasks.schemas.js';
import { browserApp, SCREENSHOTS } from './browser-app.js';
import { apiSession, signUp } from './sign-up.js';

const web = browserApp();

const ZONE = 'Asia/Tokyo';
const DAY_MS = 86_400_000;

const addForm = (page: Page) => page.getByRole('region', { name: 'Add a task' });
const editForm = (page: Page) => page.locator('li.task.editing');
const item = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
const checkbox = (page: Page, title: string) => page.getByRole('checkbox', { name: title, exact: true });

/** Tomorrow at 09:00 in the page's zone, as a datetime-local value and as the instant. */
const tomorrowAtNine = (page: Page) =>
  page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(9, 0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    return { input: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`, iso: d.toISOString() };
  });

const previewDates = (scope: ReturnType<typeof addForm>) => scope.locator('.occurrences time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));

it('a daily task made in the add form shows its rule and next dates, and completing it moves it to the next day', async () => {
  const page = await web.newPage(1280, 900, { context: { timezoneId: ZONE } });
  const email = await signUp(web, page, 'Daisy');
  const api = await apiSession(web, email);
  await expect.poll(async () => (await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe(ZONE);
  const form = addForm(page);

  // Without a due date the form says what is missing, and refuses to send (no 422 from the server).
  await form.getByLabel('Title', { exact: true }).fill('Water the plants');
  await form.getByLabel('Repeat').selectOption({ label: 'Every day' });
  await form.getByText('A repeating task needs a due date').waitFor();
  let posted = false;
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/me/tasks') posted = true;
  });
  await form.getByRole('button', { name: 'Add task' }).click();
  await form.getByRole('alert').filter({ hasText: 'A repeating task needs a due date.' }).waitFor();
  expect(await form.getByLabel('Repeat').evaluate((el) => el === document.activeElement)).toBe(true);
  expect(posted).toBe(false);

  // With one: the rule in words and the next three dates, a day apart from the due date.
  const due = await tomorrowAtNine(page);
  await form.getByLabel('Due', { exact: true }).fill(due.input);
  await form.getByText('Repeats every day at 9 AM').waitFor();
  // The form's message goes once what it asked for is there.
  await expect.poll(() => form.getByRole('alert').count()).toBe(0);
  const first = Date.parse(due.iso);
  expect(await previewDates(form)).toEqual([1, 2, 3].map((n) => new Date(first + n * DAY_MS).toISOString()));
  await form.screenshot({ path: path.join(SCREENSHOTS, 'recurrence-add-form.png') });

  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/me/tasks');
  await form.getByRole('button', { name: 'Add task' }).click();
  const task = (await (await created).json()) as TaskDto;
  expect(task).toMatchObject({ recurrence: 'FREQ=DAILY', time_zone: ZONE, due_date: due.iso });
  await expect.poll(() => item(page, 'Water the plants').getAttribute('aria-busy')).toBeNull();
  await item(page, 'Water the plants').getByText('every day at 9 AM').waitFor();
  // The form is ready for the next task: no recurrence left over.
  expect(await form.getByLabel('Repeat').inputValue()).toBe('none');

  // Completing it: still open, due a day later, and the completion is recorded.
  const completed = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith('/complete'));
  // click, not check(): the box does not stay checked, which is the point.
  await checkbox(page, 'Water the plants').click();
  expect((await completed).status()).toBe(200);
  const dueShown = item(page, 'Water the plants').locator('.due time');
  await expect.poll(() => dueShown.getAttribute('datetime')).toBe(new Date(first + DAY_MS).toISOString());
  expect(await checkbox(page, 'Water the plants').isChecked()).toBe(false);
  await item(page, 'Water the plants').getByText('Last done').waitFor();
  const after = (await api<TaskDto>('GET', `/api/me/tasks/${task.id}`)).body;
  expect(after).toMatchObject({ is_completed: false, due_date: new Date(first + DAY_MS).toISOString() });
  expect(after.last_completed_at).not.toBeNull();
  const completions = (await api<{ items: { due_date: string }[] }>('GET', `/api/me/tasks/${task.id}/completions`)).body;
  expect(completions.items.map((c) => c.due_date)).toEqual([due.iso]);

  // Reloaded, it reads the same.
  await page.reload();
  await item(page, 'Water the plants').getByText('every day at 9 AM').waitFor();
  expect(await item(page, 'Water the plants').locator('.due time').getAttribute('datetime')).toBe(new Date(first + DAY_MS).toISOString());
  expect(web.problems).toEqual([]);
}, 120_000);

it('the edit form changes the rule: chosen weekdays, a custom rule with its problem shown inline, and no recurrence', async () => {
  const page = await web.newPage(1280, 900, { context: { timezoneId: ZONE } });
  const email = await signUp(web, page, 'Wendy');
  const api = await apiSession(web, email);
  const due = await tomorrowAtNine(page);
  const { body: task } = await api<TaskDto>('POST', '/api/me/tasks', { title: 'Gym', due_date: due.iso, recurrence: 'FREQ=DAILY', time_zone: ZONE });
  await item(page, 'Gym').waitFor();

  const save = async (expected: Partial<TaskDto>) => {
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/me/tasks/${task.id}`);
    await editForm(page).getByRole('button', { name: 'Save' }).click();
    expect(await (await saved).json()).toMatchObject(expected);
  };

  // Weekly on Monday and Thursday.
  await item(page, 'Gym').getByRole('button', { name: 'Edit', exact: true }).click();
  const form = editForm(page);
  expect(await form.getByLabel('Repeat').inputValue()).toBe('daily');
  await form.getByLabel('Repeat').selectOption({ label: 'Every week on chosen days' });
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
    await form.getByRole('checkbox', { name: day, exact: true }).setChecked(day === 'Monday' || day === 'Thursday');
  }
  await form.getByText('Repeats every week on Monday and Thursday at 9 AM').waitFor();
  expect(await form.locator('.occurrences li').count()).toBe(3);
  await item(page, 'Gym').screenshot({ path: path.join(SCREENSHOTS, 'recurrence-edit-weekly.png') });
  await save({ recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH' });
  await item(page, 'Gym').getByText('every week on Monday and Thursday at 9 AM').waitFor();

  // A custom rule the service refuses is caught in the form, with the parser's reason.
  await item(page, 'Gym').getByRole('button', { name: 'Edit', exact: true }).click();
  expect(await form.getByRole('checkbox', { name: 'Thursday', exact: true }).isChecked()).toBe(true);
  await form.getByLabel('Repeat').selectOption({ label: 'Custom rule (RRULE)' });
  const rule = form.getByLabel('Rule (RRULE)');
  expect(await rule.inputValue()).toBe('FREQ=WEEKLY;BYDAY=MO,TH');
  await rule.fill('FREQ=MINUTELY');
  await form.getByText('FREQ=MINUTELY is not supported').first().waitFor();
  let patched = false;
  page.on('request', (r) => {
    if (r.method() === 'PATCH') patched = true;
  });
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('alert').filter({ hasText: 'FREQ=MINUTELY is not supported' }).waitFor();
  expect(patched).toBe(false);
  await rule.fill('FREQ=MONTHLY;BYDAY=-1FR');
  await form.getByText('Repeats every month on last Friday at 9 AM').waitFor();
  await save({ recurrence: 'FREQ=MONTHLY;BYDAY=-1FR' });

  // And back to no recurrence.
  await item(page, 'Gym').getByRole('button', { name: 'Edit', exact: true }).click();
  expect(await form.getByLabel('Repeat').inputValue()).toBe('custom');
  await form.getByLabel('Repeat').selectOption({ label: 'Does not repeat' });
  await save({ recurrence: null });
  expect(await item(page, 'Gym').locator('.repeats').count()).toBe(0);
  expect(web.problems).toEqual([]);
}, 120_000);
