// Lists, subtasks and manual order in the web app, end to end in Debian's Chromium: by dragging
// (native HTML5 drag and drop) and by the keyboard alternative, each checked after a reload and
// through the API (positions, list ids, counts), not only in the DOM. Any uncaught page error,
// console error or failed request fails (browser-app.ts).
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ListCollectionDto, ListDto } from '../../src/lists/lists.schemas.js';
import type { TaskDto, TaskListDto } from '../../src/tasks/tasks.schemas.js';
import { uniqueEmail } from '../helpers/users.js';
import { browserApp, SCREENSHOTS, type PageOptions } from './browser-app.js';

const web = browserApp();

async function signUp(page: Page, name: string) {
  await page.goto(web.origin);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(uniqueEmail(name.toLowerCase()));
  await page.getByLabel('Password').fill('lists all the way down');
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A desktop-sized page signed in as a new person, their lists shown. */
async function signedIn(name: string, options?: PageOptions): Promise<Page> {
  const page = await web.newPage(1280, 900, options);
  await signUp(page, name);
  await listButton(page, 'Inbox').waitFor();
  return page;
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

/** What a task or a list is dragged by (pointer only: hidden from assistive technology). */
const taskHandle = (page: Page, title: string) => task(page, title).locator(':scope > .drag-handle');
const listHandle = (page: Page, name: string) => listEntry(page, name).locator('.drag-handle');
/** A list's row in the sidebar, without its edit form: its halves say before or after. */
const listRow = (page: Page, name: string) => listEntry(page, name).locator('.list-row');

async function dragTo(page: Page, handle: Locator, target: Locator, at: 'top' | 'bottom' | 'middle') {
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
  const res = await page.request.get(`${web.origin}/api/me/lists`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as ListCollectionDto).items;
}

async function apiTasks(page: Page, list: ListDto): Promise<TaskDto[]> {
  const res = await page.request.get(`${web.origin}/api/me/tasks?list_id=${list.id}&sort=position&limit=1000`);
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

/** The lists' names as the sidebar shows them, in order. */
const sidebarOrder = (page: Page) => sidebar(page).locator('.list-name').allTextContents();
/** The lists' names in the server's order: by position, compared as plain strings, as the contract says. */
async function apiOrder(page: Page): Promise<string[]> {
  const lists = await apiLists(page);
  const byPosition = [...lists].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0)).map((l) => l.name);
  // The collection is in position order too.
  expect(lists.map((l) => l.name)).toEqual(byPosition);
  return byPosition;
}
const isListPatch = (url: URL) => /^\/api\/me\/lists\/[^/]+$/.test(url.pathname);
/** Resolves with the status of the next list change (rename, recolour, reorder) the page sends. */
const nextListPatch = (page: Page) => page.waitForResponse((r) => r.request().method() === 'PATCH' && isListPatch(new URL(r.url()))).then((r) => r.status());
/** Counts the list changes and task moves the page sends from now on. */
function countChanges(page: Page) {
  const counted = { listPatches: 0, moves: 0 };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'PATCH' && isListPatch(url)) counted.listPatches += 1;
    if (r.method() === 'POST' && url.pathname.endsWith('/move')) counted.moves += 1;
  });
  return counted;
}
/** The server's own refusal stands in for any: every request to `at` is answered with this error. */
const refuse = (page: Page, at: (url: URL) => boolean, status: number, detail: string, errorCode: string) =>
  page.route(
    (url) => at(url),
    (route) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ detail, error_code: errorCode, request_id: 'test' }) }),
  );
/** Presses `key` on the focused Move list button: the server says yes, the sidebar shows `order`. */
async function pressToReorder(page: Page, key: string, order: string[]) {
  const patched = nextListPatch(page);
  await page.keyboard.press(key);
  expect(await patched).toBe(200);
  await expect.poll(() => sidebarOrder(page)).toEqual(order);
}
const isFocused = (locator: Locator) => locator.evaluate((e) => e === document.activeElement);

it('lists, subtasks and order by drag and drop survive a reload, and the API agrees', async () => {
  const page = await signedIn('Dragger');
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
  await dragTo(page, taskHandle(page, 'Cheese'), task(page, 'Apples'), 'top');
  expect(await moved).toBe(200);
  await expect.poll(() => topLevel(page)).toEqual(['Cheese', 'Apples', 'Bread']);

  // Rye dropped on the upper half of Sourdough goes before it, under the same parent.
  moved = nextMove(page);
  await dragTo(page, taskHandle(page, 'Rye'), task(page, 'Sourdough'), 'top');
  expect(await moved).toBe(200);
  await expect.poll(() => subtasksOf(page, 'Bread')).toEqual(['Rye', 'Sourdough']);

  // Apples dropped on Garden in the sidebar leaves Groceries for Garden.
  moved = nextMove(page);
  await dragTo(page, taskHandle(page, 'Apples'), listButton(page, 'Garden'), 'middle');
  expect(await moved).toBe(200);
  await expect.poll(() => task(page, 'Apples').count()).toBe(0);
  // The counts follow (Cheese, Bread and its two subtasks stay; Apples went to Garden).
  await expect.poll(() => listEntry(page, 'Groceries').locator('.list-count').textContent()).toBe('4');
  await expect.poll(() => listEntry(page, 'Garden').locator('.list-count').textContent()).toBe('1');

  // Bread (with its subtasks) dropped on Garden takes its whole subtree along.
  moved = nextMove(page);
  await dragTo(page, taskHandle(page, 'Bread'), listButton(page, 'Garden'), 'middle');
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
  await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-desktop-1280x900.png'), fullPage: true });

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

  expect(web.problems).toEqual([]);
}, 120_000);

it('the keyboard alone reorders, moves to another list, renames and deletes lists', async () => {
  const page = await signedIn('Typist');

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
  // The page shows the delete at once (optimistic); the server's answer may still be on its way.
  await expect.poll(async () => (await apiLists(page)).map((l) => l.name)).toEqual(['Inbox', 'Work']);
  lists = await apiLists(page);
  await page.reload();
  await listButton(page, 'Work').waitFor();
  expect(await listButton(page, 'House').count()).toBe(0);

  expect(web.problems).toEqual([]);
}, 120_000);

it('lists reorder by dragging and by Move list up / down; the order survives a reload and the API agrees', async () => {
  const page = await signedIn('Sorter');
  for (const name of ['Work', 'Home', 'Hobby']) await createList(page, name);
  await openList(page, 'Work');
  await addTask(page, 'Report');
  const counted = countChanges(page);
  expect(await sidebarOrder(page)).toEqual(['Inbox', 'Work', 'Home', 'Hobby']);
  // The Inbox stays first: nothing to drag it by.
  expect(await listHandle(page, 'Inbox').getAttribute('draggable')).toBe('false');

  // Hobby dropped on the upper half of Work goes before it.
  let patched = nextListPatch(page);
  await dragTo(page, listHandle(page, 'Hobby'), listRow(page, 'Work'), 'top');
  expect(await patched).toBe(200);
  await expect.poll(() => sidebarOrder(page)).toEqual(['Inbox', 'Hobby', 'Work', 'Home']);
  expect(await apiOrder(page)).toEqual(['Inbox', 'Hobby', 'Work', 'Home']);

  // Work dropped on the lower half of Home goes after it.
  patched = nextListPatch(page);
  await dragTo(page, listHandle(page, 'Work'), listRow(page, 'Home'), 'bottom');
  expect(await patched).toBe(200);
  await expect.poll(() => sidebarOrder(page)).toEqual(['Inbox', 'Hobby', 'Home', 'Work']);
  expect(counted.listPatches).toBe(2);

  // Nothing goes before the Inbox: a list dropped on it is refused, and nothing is sent.
  await dragTo(page, listHandle(page, 'Home'), listRow(page, 'Inbox'), 'top');
  // A dragged list means nothing to a task row, nor a dragged task to the lists' order: dropped
  // on the upper half of Home, Report goes to Home and the lists stay where they are.
  await dragTo(page, listHandle(page, 'Hobby'), task(page, 'Report'), 'top');
  const moved = nextMove(page);
  await dragTo(page, taskHandle(page, 'Report'), listRow(page, 'Home'), 'top');
  expect(await moved).toBe(200);
  await expect.poll(() => task(page, 'Report').count()).toBe(0);
  await expect.poll(() => listEntry(page, 'Home').locator('.list-count').textContent()).toBe('1');
  expect(counted).toEqual({ listPatches: 2, moves: 1 });
  expect(await sidebarOrder(page)).toEqual(['Inbox', 'Hobby', 'Home', 'Work']);

  // The keyboard: Move list up / down are in a list's edit form (the Inbox's has none).
  await listEntry(page, 'Inbox').getByRole('button', { name: 'Edit', exact: true }).click();
  expect(await listEntry(page, 'Inbox').getByRole('button', { name: /Move list/ }).count()).toBe(0);
  await page.keyboard.press('Escape');
  await listEntry(page, 'Work').getByRole('button', { name: 'Edit', exact: true }).click();
  const up = listEntry(page, 'Work').getByRole('button', { name: 'Move list up', exact: true });
  const down = listEntry(page, 'Work').getByRole('button', { name: 'Move list down', exact: true });
  // Each says which list it moves.
  expect(await up.getAttribute('aria-describedby')).toBe(await listEntry(page, 'Work').locator('.list-name').getAttribute('id'));
  expect(await down.getAttribute('aria-disabled')).toBe('true');
  await up.focus();
  await pressToReorder(page, 'Enter', ['Inbox', 'Hobby', 'Work', 'Home']);
  // Focus stays on the button, so it can be pressed again.
  expect(await isFocused(up)).toBe(true);
  await pressToReorder(page, 'Enter', ['Inbox', 'Work', 'Hobby', 'Home']);
  // First after the Inbox: Move list up does nothing (and says so), but keeps focus.
  expect(await up.getAttribute('aria-disabled')).toBe('true');
  await page.keyboard.press('Enter');
  expect(await isFocused(up)).toBe(true);

  // Move list down with the space bar; here the browser takes the entry itself out and back in.
  await down.focus();
  await pressToReorder(page, ' ', ['Inbox', 'Hobby', 'Work', 'Home']);
  expect(await isFocused(down)).toBe(true);
  expect(counted).toEqual({ listPatches: 5, moves: 1 });

  await page.reload();
  await listButton(page, 'Home').waitFor();
  expect(await sidebarOrder(page)).toEqual(['Inbox', 'Hobby', 'Work', 'Home']);
  expect(await apiOrder(page)).toEqual(['Inbox', 'Hobby', 'Work', 'Home']);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a refused list reorder is undone and the reason shown', async () => {
  const page = await signedIn('Undone', { expectFailuresAt: isListPatch });
  await createList(page, 'First');
  await createList(page, 'Second');
  // Deleted in another tab, say.
  await refuse(page, isListPatch, 404, 'That list no longer exists.', 'NOT_FOUND');
  await listEntry(page, 'Second').getByRole('button', { name: 'Edit', exact: true }).click();
  const patched = nextListPatch(page);
  await listEntry(page, 'Second').getByRole('button', { name: 'Move list up', exact: true }).click();
  expect(await patched).toBe(404);
  await page.getByRole('alert').filter({ hasText: 'That list no longer exists.' }).waitFor();
  await expect.poll(() => sidebarOrder(page)).toEqual(['Inbox', 'First', 'Second']);
  expect(await apiOrder(page)).toEqual(['Inbox', 'First', 'Second']);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a refused move is undone and the reason shown', async () => {
  // Here a made-up 422 for every move.
  const isMove = (url: URL) => /^\/api\/me\/tasks\/[^/]+\/move$/.test(url.pathname);
  const page = await signedIn('Refused', { expectFailuresAt: isMove });
  await addTask(page, 'First');
  await addTask(page, 'Second');
  await refuse(page, isMove, 422, 'Subtasks nest at most 4 levels deep.', 'VALIDATION_ERROR');
  const moved = nextMove(page);
  await ownButton(page, 'Second', 'Move up').click();
  expect(await moved).toBe(422);
  await page.getByRole('alert').filter({ hasText: 'Subtasks nest at most 4 levels deep.' }).waitFor();
  await expect.poll(() => topLevel(page)).toEqual(['First', 'Second']);
  expect(web.problems).toEqual([]);
}, 120_000);

it('on a phone the lists are a drawer behind a button that keeps focus inside it, and nothing scrolls sideways', async () => {
  const page = await web.newPage(390, 844);
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
  await page.screenshot({ path: path.join(SCREENSHOTS, 'lists-phone-390x844.png'), fullPage: true });

  // Choosing a list closes the drawer.
  await toggle.click();
  await listButton(page, 'Inbox').click();
  await expect.poll(() => heading(page).textContent()).toBe('Inbox');
  await expect.poll(() => sidebar(page).isVisible()).toBe(false);

  // Open, the drawer keeps keyboard focus inside it; it opens with focus on its first control.
  await toggle.press('Enter');
  const close = sidebar(page).getByRole('button', { name: 'Close lists' });
  await expect.poll(() => isFocused(close)).toBe(true);
  const focusedInDrawer = () => page.evaluate(() => document.getElementById('list-sidebar')!.contains(document.activeElement));
  // Shift+Tab from the first control goes round to the last one, Tab from there back to the first.
  await page.keyboard.press('Shift+Tab');
  expect(await isFocused(sidebar(page).getByRole('button', { name: 'Add list' }))).toBe(true);
  await page.keyboard.press('Tab');
  expect(await isFocused(close)).toBe(true);
  // Tab goes through every control in the drawer and round to the first again, never leaving it.
  let presses = 0;
  do {
    await page.keyboard.press('Tab');
    presses += 1;
    expect(await focusedInDrawer()).toBe(true);
  } while (!(await isFocused(close)) && presses < 30);
  // Close, the two lists with their Edit buttons, the new list's name, colour and button.
  expect(presses).toBe(8);

  // Escape in a list's edit form cancels the edit and leaves the drawer open.
  await listEntry(page, 'Errands').getByRole('button', { name: 'Edit', exact: true }).click();
  await sidebar(page).getByLabel('List name', { exact: true }).waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => sidebar(page).getByLabel('List name', { exact: true }).count()).toBe(0);
  expect(await sidebar(page).isVisible()).toBe(true);
  expect(await isFocused(listEntry(page, 'Errands').getByRole('button', { name: 'Edit', exact: true }))).toBe(true);

  // Escape then closes the drawer, and focus is back on the button that opened it.
  await page.keyboard.press('Escape');
  await expect.poll(() => sidebar(page).isVisible()).toBe(false);
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await isFocused(toggle)).toBe(true);
  // Closed, the drawer holds nothing: Tab goes on through the page.
  await page.keyboard.press('Tab');
  expect(await focusedInDrawer()).toBe(false);
  expect(web.problems).toEqual([]);
}, 120_000);

