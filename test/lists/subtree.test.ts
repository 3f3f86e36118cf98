// A task and its subtasks act as one: deleting a task deletes its subtree, completing it completes
// its open subtasks at every depth (each of them a real change: version +1, completed_at set), and
// reopening it reopens none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, ISO_UTC, type Task } from '../tasks/task-api.js';
import { chain, child, taskUrl } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const api = () => as(t.app, user);

/** root → a → a1 → a1x → a1xy (depth 4), root → b (already done), and a sibling of root. */
async function tree() {
  const [root, a, a1, a1x, a1xy] = (await chain(t.app, user, 5)) as [Task, Task, Task, Task, Task];
  const b = await createTask(t.app, user, { title: 'b, done', parent_id: root.id, is_completed: true });
  const sibling = await createTask(t.app, user, { title: 'sibling of root' });
  const outsider = await child(t.app, user, sibling, 'child of the sibling');
  return { root, open: [a, a1, a1x, a1xy], b, sibling, outsider };
}

const completions: Array<[string, (task: Task) => Promise<{ statusCode: number; body: string }>]> = [
  ['PATCH /complete', (task) => api().patch(`${taskUrl(task.id)}/complete`)],
  ['PATCH is_completed true', (task) => api().patch(taskUrl(task.id), { is_completed: true })],
  ['PUT is_completed true', (task) => api().put(taskUrl(task.id), { title: task.title, description: null, is_completed: true })],
];

describe('completing a task completes its open subtasks', () => {
  it.each(completions)('%s: every open descendant is completed (version +1, completed_at set); done ones and others untouched', async (_name, complete) => {
    const { root, open, b, sibling, outsider } = await tree();
    const res = await complete(root);
    expect(res.statusCode, res.body).toBe(200);
    for (const before of open) {
      const after = await getTask(t.app, user, before.id);
      expect(after).toMatchObject({ is_completed: true, version: before.version + 1, completed_at: expect.stringMatching(ISO_UTC) });
    }
    expect(await getTask(t.app, user, b.id)).toEqual(b);
    expect(await getTask(t.app, user, sibling.id)).toEqual(sibling);
    expect(await getTask(t.app, user, outsider.id)).toEqual(outsider);
  });

  it('completing a subtask completes only its own subtree, not its parent', async () => {
    const { root, open } = await tree();
    expect((await api().patch(`${taskUrl(open[1]!.id)}/complete`)).statusCode).toBe(200);
    expect(await getTask(t.app, user, root.id)).toEqual(root);
    expect(await getTask(t.app, user, open[0]!.id)).toEqual(open[0]);
    for (const task of open.slice(1)) expect((await getTask(t.app, user, task.id)).is_completed).toBe(true);
  });

  it('PATCH is_completed true on a task already done is no completion: subtasks stay open', async () => {
    const parent = await createTask(t.app, user, { title: 'already done', is_completed: true });
    const kid = await child(t.app, user, parent);
    expect((await api().patch(taskUrl(parent.id), { is_completed: true })).statusCode).toBe(200);
    expect(await getTask(t.app, user, kid.id)).toEqual(kid);
  });

  it('reopening reopens none of them', async () => {
    const { root, open } = await tree();
    await api().patch(`${taskUrl(root.id)}/complete`);
    const done = await Promise.all(open.map((task) => getTask(t.app, user, task.id)));
    const reopened = await api().patch(`${taskUrl(root.id)}/complete`);
    expect(reopened.json()).toMatchObject({ is_completed: false, completed_at: null });
    expect((await api().patch(taskUrl(root.id), { is_completed: false })).statusCode).toBe(200);
    for (const task of done) expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('a stale If-Match completes nothing', async () => {
    const { root, open } = await tree();
    expectError(await api().patch(`${taskUrl(root.id)}/complete`, undefined, { 'if-match': '"v9"' }), 412, 'PRECONDITION_FAILED');
    for (const task of [root, ...open]) expect(await getTask(t.app, user, task.id)).toEqual(task);
  });
});

describe('deleting a task deletes its subtree', () => {
  it('the task and every descendant are gone; its siblings and parent stay', async () => {
    const { root, open, b, sibling, outsider } = await tree();
    expect((await api().delete(taskUrl(open[0]!.id))).statusCode).toBe(204);
    for (const task of open) expectError(await api().get(taskUrl(task.id)), 404, 'NOT_FOUND');
    for (const task of [root, b, sibling, outsider]) expect(await getTask(t.app, user, task.id)).toEqual(task);
    expect((await api().delete(taskUrl(root.id))).statusCode).toBe(204);
    expectError(await api().get(taskUrl(b.id)), 404, 'NOT_FOUND');
    expect(await getTask(t.app, user, sibling.id)).toEqual(sibling);
  });

  it('a stale If-Match deletes nothing', async () => {
    const { root, open } = await tree();
    expectError(await api().delete(taskUrl(root.id), { 'if-match': '"v9"' }), 412, 'PRECONDITION_FAILED');
    for (const task of [root, ...open]) expect(await getTask(t.app, user, task.id)).toEqual(task);
  });
});
