// Lists, subtasks and manual order in the web app, end to end in Debian's Chromium: by dragging
// (native HTML5 drag and drop) and by the keyboard alternative, each checked after a reload and
// through the API (positions, list ids, counts), not only in the DOM. Any uncaught page error,
// console error or failed request fails, as in app.e2e.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { ListCollectionDto, ListDto } from '../../src/lists/lists.schemas.js';
import type { TaskDto, TaskListDto } from '../../src/tasks/tasks.schemas.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { freePort } from '../helpers/free-port.js';
import { uniqueEmail } from '../helpers/users.js';

const SHOTS = path.resolve('test-results/screenshots');
let t: AppWithUsers;
let browser: Browser;
let origin: string;
const problems: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  t = await appWithUsers(0, { BETTER_AUTH_URL: origin }, { web: true });
  await t.app.listen({ host: '127.0.0.1', port });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Failures a test provokes on purpose: responses from these paths are not problems. */
async function newPage(width: number, height: number, expectFailuresAt: (url: URL) => boolean = () => false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  const page = await context.newPage();
  const expected = (url: string | undefined) => url !== undefined && url !== '' && expectFailuresAt(new URL(url, origin));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (expected(message.location().url)) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_ABORTED' || expected(request.url())) return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !expected(response.url())) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return page;
}

async function signUp(page: Page, name: string) {
  await page.goto(origin);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(uniqueEmail(name.toLowerCase()));
  await page.getByLabel('Password').fill('lists all the way down');
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Lists' });
/** A list's button in the sidebar; its name is the list's name, then ", n open tasks". */
const listName = (name: string) => new RegExp(`^${name}\\s*,`);
const listButton = (page: Page, name: string) => sidebar(page).getByRole('button', { name: listName(name) });
const listEntry = (page: Page, name: string) => sidebar(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: listName(name) }) });
/** A task's item (named by its title; it holds its subtasks' items too). */
const task = (page: Page, title: string) => page.getByRole('listitem', { name: title, exact: true });
/** One of the task's own buttons, not one of its subtasks'. */
const ownButton = (page: Page, title: string, name: string) => task(page, title).locator(':scope > .task-order, :scope > .task-actions').getByRole('button', { name, exact: true });
/** The task list's heading: the name of the list shown. */
const heading = (page: Page) => page.locator('#task-list-heading');

async function createList(page: Page, name: string, color?: string) {
  await sidebar(page).getByLabel('New list name', { exact: true }).fill(name);
  if (color) await sidebar(page).getByLabel('New list colour', { exact: true }).selectOption({ label: color });
  await sidebar(page).getByRole('button', { name: 'Add list' }).click();
  // A new list is shown at once.
  await expect.poll(() => heading(page).textContent()).toBe(name);
  await expect.poll(() => listButton(page, name).isEnabled()).toBe(true);
}

async function openList(page: Page, name: string) {
  await listButton(page, name).click();
  await expect.poll(() => heading(page).textContent()).toBe(name);
  await page.locator('.task-list, .empty').first().waitFor();
}

async function addTask(page: Page, title: string) {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await waitSaved(page, title);
}

/** The item exists and is no longer the optimistic copy (its controls work). */
async function waitSaved(page: Page, title: string) {
  await task(page, title).waitFor();
  await expect.poll(() => task(page, title).getAttribute('aria-busy')).toBeNull();
}

async function addSubtask(page: Page, parent: string, title: string) {
  await ownButton(page, parent, 'Add subtask').click();
  const form = task(page, parent).locator(':scope > .task-panel');
  await form.getByLabel('Subtask title').fill(title);
  await form.getByRole('button', { name: 'Add subtask' }).click();
  await waitSaved(page, title);
  await form.getByRole('button', { name: 'Done' }).click();
}

/** The titles of the top-level tasks shown, in order. */
const topLevel = (page: Page) => page.locator('.task-list > li.task > .task-body > .task-title').allTextContents();
const subtasksOf = (page: Page, title: string) => task(page, title).locator(':scope > .subtasks > li.task > .task-body > .task-title').allTextContents();

/** Resolves with the status of the next task move the page sends. */
const nextMove = (page: Page) => page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/me\/tasks\/[^/]+\/move$/.test(new URL(r.url()).pathname)).then((r) => r.status());

async function dragTo(page: Page, title: string, target: Locator, at: 'top' | 'bottom' | 'middle') {
  const handle = task(page, title).locator(':scope > .drag-handle');
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag handle or drop target not shown');
  const y = at === 'top' ? 4 : at === 'bottom' ? to.height - 4 : to.height / 2;
  // Several steps, as a hand moves: the first starts the drag, the later ones are its dragover events.
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 2 });
  await page.mouse.move(to.x + Math.min(60, to.width / 2), to.y + y, { steps: 5 });
  await page.mouse.up();
}

// Through the API with the page's own session cookie: what the server holds, not what is shown.
async function apiLists(page: Page): Promise<ListDto[]> {
  const res = await page.request.get(`${origin}/api/me/lists`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as ListCollectionDto).items;
}

async function apiTasks(page: Page, list: ListDto): Promise<TaskDto[]> {
  const res = await page.request.get(`${origin}/api/me/tasks?list_id=${list.id}&sort=position&limit=1000`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as TaskListDto).items;
}

/** Titles of one parent's children, ordered by position as the contract says: plain string comparison. */
function titlesByPosition(tasks: TaskDto[], parentId: string | null): string[] {
  return tasks
    .filter((x) => x.parent_id === parentId)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .map((x) => x.title);
}

const byName = (lists: ListDto[], name: string) => {
  const found = lists.find((l) => l.name === name);
  if (!found) throw new Error(`no list named ${name}: ${lists.map((l) => l.name).join(', ')}`);
  return found;
};

it('lists, subtasks and order by drag and drop survive a reload, and the API agrees', async () => {
  const page = await newPage(1280, 900);
  await signUp(page, 'Dragger');
  await listButton(page, 'Inbox').waitFor();
  expect(await listEntry(page, 'Inbox').count()).toBe(1);

  await createList(page, 'Groceries', 'Green');
  await createList(page, 'Garden');
  // The Inbox first, then the lists in the order they were made.
  expect(await sidebar(page).locator('.list-name').allTextContents()).toEqual(['Inbox', 'Groceries', 'Garden']);

  await openList(page, 'Groceries');
  await addTask(page, 'Apples');
  await addTask(page, 'Bread');
  await addTask(page, 'Cheese');
  await addSubtask(page, 'Bread', 'Sourdough');
  await addSubtask(page, 'Bread', 'Rye');
  expect(await topLevel(page)).toEqual(['Apples', 'Bread', 'Cheese']);
  expect(await subtasksOf(page, 'Bread')).toEqual(['Sourdough', 'Rye']);

  // Collapsing hides the subtasks; expanding shows them again.
  await task(page, 'Bread').getByRole('button', { name: 'Hide 2 subtasks' }).click();
  expect(await page.getByRole('checkbox', { name: 'Sourdough', exact: true }).isVisible()).toBe(false);
  await task(page, 'Bread').getByRole('button', { name: 'Show 2 subtasks' }).click();
  await page.getByRole('checkbox', { name: 'Sourdough', exact: true }).waitFor();

  // Cheese dropped on the upper half of Apples goes before it.
  let moved = nextMove(page);
  await dragTo(page, 'Cheese', task(page, 'Apples'), 'top');
  expect(await moved).toBe(200);
  await expect.poll(() => topLevel(page)).toEqual(['Cheese', 'Apples', 'Bread']);

  // Rye dropped on the upper half of Sourdough goes before it, under the same parent.
  moved = nextMove(page);
  await dragTo(page, 'Rye', task(page, 'Sourdough'), 'top');
  expect(await moved).toBe(200);
  await expect.poll(() => subtasksOf(page, 'Bread')).toEqual(['Rye', 'Sourdough']);

  // Apples dropped on Garden in the sidebar leaves Groceries for Garden.
  moved = nextMove(page);
  await dragTo(page, 'Apples', listButton(page, 'Garden'), 'middle');
  expect(await moved).toBe(200);
  await expect.poll(() => task(page, 'Apples').count()).toBe(0);
  // The counts follow (Cheese, Bread and its two subtasks stay; Apples went to Garden).
  await expect.poll(() => listEntry(page, 'Groceries').locator('.list-count').textContent()).toBe('4');
  await expect.poll(() => listEntry(page, 'Garden').locator('.list-count').textContent()).toBe('1');

  // Bread (with its subtasks) dropped on Garden takes its whole subtree along.
  moved = nextMove(page);
  await dragTo(page, 'Bread', listButton(page, 'Garden'), 'middle');
  expect(await moved).toBe(200);
  await expect.poll(() => page.getByRole('checkbox', { name: 'Rye', exact: true }).count()).toBe(0);

  await page.reload();
  await listButton(page, 'Groceries').waitFor();
  await openList(page, 'Groceries');
  await waitSaved(page, 'Cheese');
  expect(await topLevel(page)).toEqual(['Cheese']);
  await openList(page, 'Garden');
  await waitSaved(page, 'Apples');
  expect(await topLevel(page)).toEqual(['Apples', 'Bread']);
  expect(await subtasksOf(page, 'Bread')).toEqual(['Rye', 'Sourdough']);
  await page.screenshot({ path: path.join(SHOTS, 'lists-desktop-1280x900.png'), fullPage: true });

  const lists = await apiLists(page);
  expect(lists.map((l) => [l.name, l.is_inbox])).toEqual([['Inbox', true], ['Groceries', false], ['Garden', false]]);
  const groceries = byName(lists, 'Groceries');
  const garden = byName(lists, 'Garden');
  expect(groceries.color).toBe('#3f9b5a');
  expect([groceries.open_count, groceries.task_count, garden.open_count, garden.task_count]).toEqual([1, 1, 4, 4]);
  expect(titlesByPosition(await apiTasks(page, groceries), null)).toEqual(['Cheese']);
  const gardenTasks = await apiTasks(page, garden);
  expect(titlesByPosition(gardenTasks, null)).toEqual(['Apples', 'Bread']);
  const bread = gardenTasks.find((x) => x.title === 'Bread')!;
  expect(titlesByPosition(gardenTasks, bread.id)).toEqual(['Rye', 'Sourdough']);
  expect(gardenTasks.every((x) => x.list_id === garden.id)).toBe(true);

  expect(problems).toEqual([]);
}, 120_000);

it('the keyboard alone reorders, moves to another list, renames and deletes lists', async () => {
  const page = await newPage(1280, 900);
  await signUp(page, 'Typist');
  await listButton(page, 'Inbox').waitFor();

  // Lists made from the keyboard: type the name, Enter.
  for (const name of ['Work', 'Home']) {
    await sidebar(page).getByLabel('New list name', { exact: true }).focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page).textContent()).toBe(name);
  }
  await openList(page, 'Work');
  for (const title of ['One', 'Two', 'Three']) await addTask(page, title);

  // Move up on Three: Enter on the focused button. Focus stays on it, so it can be pressed again.
  let moved = nextMove(page);
  await ownButton(page, 'Three', 'Move up').focus();
  await page.keyboard.press('Enter');
  expect(await moved).toBe(200);
  await expect.poll(() => topLevel(page)).toEqual(['One', 'Three', 'Two']);
  expect(await ownButton(page, 'Three', 'Move up').evaluate((b) => b === document.activeElement)).toBe(true);
  moved = nextMove(page);
  await page.keyboard.press('Enter');
  expect(await moved).toBe(200);
  await expect.poll(() => topLevel(page)).toEqual(['Three', 'One', 'Two']);
  // At the top Move up does nothing (and says so), but keeps focus.
  expect(await ownButton(page, 'Three', 'Move up').getAttribute('aria-disabled')).toBe('true');

  // Move down on Three with the space bar.
  moved = nextMove(page);
  await ownButton(page, 'Three', 'Move down').focus();
  await page.keyboard.press(' ');
  expect(await moved).toBe(200);
  await expect.poll(() => topLevel(page)).toEqual(['One', 'Three', 'Two']);
  // Here the browser takes the row itself out and back in: focus is put back on the button.
  expect(await ownButton(page, 'Three', 'Move down').evaluate((b) => b === document.activeElement)).toBe(true);

  // Move to list…: a select and a button; arrowing through the select moves nothing by itself.
  await ownButton(page, 'Two', 'Move to list…').focus();
  await page.keyboard.press('Enter');
  const destination = task(page, 'Two').getByLabel('Destination list');
  await expect.poll(() => destination.evaluate((s) => s === document.activeElement)).toBe(true);
  expect(await destination.locator('option').allTextContents()).toEqual(['Inbox', 'Home']);
  await destination.selectOption({ label: 'Home' });
  moved = nextMove(page);
  await task(page, 'Two').getByRole('button', { name: 'Move', exact: true }).press('Enter');
  expect(await moved).toBe(200);
  await expect.poll(() => task(page, 'Two').count()).toBe(0);

  await page.reload();
  await openList(page, 'Work');
  await waitSaved(page, 'One');
  expect(await topLevel(page)).toEqual(['One', 'Three']);
  await openList(page, 'Home');
  await waitSaved(page, 'Two');
  let lists = await apiLists(page);
  expect(titlesByPosition(await apiTasks(page, byName(lists, 'Work')), null)).toEqual(['One', 'Three']);
  expect(titlesByPosition(await apiTasks(page, byName(lists, 'Home')), null)).toEqual(['Two']);

  // Rename and recolour Home (PATCH with If-Match); the Inbox can be renamed but has no delete.
  await listEntry(page, 'Inbox').getByRole('button', { name: 'Edit', exact: true }).click();
  expect(await listEntry(page, 'Inbox').getByRole('button', { name: 'Delete list…' }).count()).toBe(0);
  await page.keyboard.press('Escape');
  const patched = page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === `/api/me/lists/${byName(lists, 'Home').id}`);
  await listEntry(page, 'Home').getByRole('button', { name: 'Edit', exact: true }).click();
  await sidebar(page).getByLabel('List name', { exact: true }).fill('House');
  await sidebar(page).getByLabel('List colour', { exact: true }).selectOption({ label: 'Purple' });
  await sidebar(page).getByLabel('List name', { exact: true }).press('Enter');
  expect((await patched).headers()['if-match']).toBe(`"v${byName(lists, 'Home').version}"`);
  await listButton(page, 'House').waitFor();
  await expect.poll(async () => byName(await apiLists(page), 'House').color).toBe('#8a56c9');
  expect(await heading(page).textContent()).toBe('House');

  // Delete House: the dialog says its one task goes with it; afterwards the Inbox is shown.
  await listEntry(page, 'House').getByRole('button', { name: 'Edit', exact: true }).click();
  await listEntry(page, 'House').getByRole('button', { name: 'Delete list…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete the list “House”?' });
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('Its 1 task will be deleted with it.');
  await dialog.getByRole('button', { name: 'Delete list and its tasks' }).click();
  await expect.poll(() => listButton(page, 'House').count()).toBe(0);
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  lists = await apiLists(page);
  expect(lists.map((l) => l.name)).toEqual(['Inbox', 'Work']);
  await page.reload();
  await listButton(page, 'Work').waitFor();
  expect(await listButton(page, 'House').count()).toBe(0);

  expect(problems).toEqual([]);
}, 120_000);

it('a refused move is undone and the reason shown', async () => {
  // The server's own refusal stands in for any: here a made-up 422 for every move.
  const isMove = (url: URL) => /^\/api\/me\/tasks\/[^/]+\/move$/.test(url.pathname);
  const page = await newPage(1280, 900, isMove);
  await signUp(page, 'Refused');
  await listButton(page, 'Inbox').waitFor();
  await addTask(page, 'First');
  await addTask(page, 'Second');
  await page.route(
    (url) => isMove(url),
    (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ detail: 'Subtasks nest at most 4 levels deep.', error_code: 'VALIDATION_ERROR', request_id: 'test' }),
      }),
  );
  const moved = nextMove(page);
  await ownButton(page, 'Second', 'Move up').click();
  expect(await moved).toBe(422);
  await page.getByRole('alert').filter({ hasText: 'Subtasks nest at most 4 levels deep.' }).waitFor();
  await expect.poll(() => topLevel(page)).toEqual(['First', 'Second']);
  expect(problems).toEqual([]);
}, 120_000);

it('on a phone the lists are a drawer behind a button, and nothing scrolls sideways', async () => {
  const page = await newPage(390, 844);
  await signUp(page, 'Pocket');
  const toggle = page.getByRole('button', { name: 'Lists', exact: true });
  await toggle.waitFor();
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  expect(await sidebar(page).isVisible()).toBe(false);
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');

  await toggle.click();
  await expect.poll(() => sidebar(page).isVisible()).toBe(true);
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  // A new list is shown at once, which closes the drawer.
  await sidebar(page).getByLabel('New list name', { exact: true }).fill('Errands');
  await sidebar(page).getByRole('button', { name: 'Add list' }).click();
  await expect.poll(() => heading(page).textContent()).toBe('Errands');
  await expect.poll(() => sidebar(page).isVisible()).toBe(false);
  await addTask(page, 'Post the letters');
  await addSubtask(page, 'Post the letters', 'Buy stamps');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, 'lists-phone-390x844.png'), fullPage: true });

  // Choosing a list closes the drawer.
  await toggle.click();
  await listButton(page, 'Inbox').click();
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  await expect.poll(() => sidebar(page).isVisible()).toBe(false);

  // Escape closes it too, and focus goes back to the button.
  await toggle.click();
  await expect.poll(() => sidebar(page).isVisible()).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => sidebar(page).isVisible()).toBe(false);
  expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
  expect(problems).toEqual([]);
}, 120_000);
