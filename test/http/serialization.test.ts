// Responses go through fast-json-stringify with nullable anyOf fields rewritten as type arrays
// (src/http/serialization.ts). The rewrite must not change a byte of what clients receive, nor
// what /openapi.json says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullableAsTypeArrays } from '../../src/http/serialization.js';
import { Task, TaskList } from '../../src/tasks/tasks.schemas.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, TASKS, taskUrl } from '../tasks/task-api.js';

describe('nullableAsTypeArrays', () => {
  it('turns each nullable field of Task into a type array and leaves the rest as it was', () => {
    const rewritten = nullableAsTypeArrays(JSON.parse(JSON.stringify(Task))) as { properties: Record<string, Record<string, unknown>> };
    const original = JSON.parse(JSON.stringify(Task)) as { properties: Record<string, Record<string, unknown>> };
    for (const [name, schema] of Object.entries(original.properties)) {
      if (Array.isArray(schema.anyOf)) {
        const inner = (schema.anyOf as Array<Record<string, unknown>>).find((option) => option.type !== 'null')!;
        expect(rewritten.properties[name], name).toEqual({ ...inner, type: [inner.type, 'null'] });
      } else {
        expect(rewritten.properties[name], name).toEqual(schema);
      }
    }
    expect(Object.keys(rewritten.properties).filter((name) => Array.isArray(rewritten.properties[name]!.type)).sort())
      .toEqual(['completed_at', 'description', 'due_date', 'last_completed_at', 'parent_id', 'recurrence']);
  });

  it('keeps anyOf that is not "a typed schema or null"', () => {
    const schemas = [
      { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      { anyOf: [{ $ref: 'Task' }, { type: 'null' }] },
      { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'integer' }] },
      { anyOf: [{ type: 'string' }, { type: 'null', description: 'not only a type' }] },
    ];
    for (const schema of schemas) expect(nullableAsTypeArrays(schema)).toEqual(schema);
    expect(nullableAsTypeArrays(TaskList)).toMatchObject({ properties: { next_cursor: { type: ['string', 'null'] } } });
  });
});

describe('what the rewritten serializer sends', () => {
  let t: AppWithUsers;
  let user: TestUser;
  beforeAll(async () => {
    t = await appWithUsers(1);
    [user] = t.users as [TestUser];
  });
  afterAll(() => t.close());

  it('is byte for byte JSON.stringify of the task, nullable fields null or set', async () => {
    const bare = await createTask(t.app, user, { title: 'Bare' });
    const full = await createTask(t.app, user, {
      title: 'Full "quoted" \u00e9 \u{1F600}', description: 'line\nbreak', is_completed: true, due_date: '2026-03-01T12:00:00.000Z', tags: ['a', 'b'],
    });
    expect(bare.description).toBeNull();
    expect(bare.due_date).toBeNull();
    expect(bare.completed_at).toBeNull();
    expect(bare.parent_id).toBeNull();
    expect(typeof full.completed_at).toBe('string');
    const subtask = await createTask(t.app, user, { title: 'Sub', parent_id: bare.id });
    expect(subtask.parent_id).toBe(bare.id);
    for (const task of [bare, full, subtask]) {
      const res = await as(t.app, user).get(taskUrl(task.id));
      expect(res.body).toBe(JSON.stringify(res.json()));
      expect(res.json()).toEqual(task);
    }
    const list = await as(t.app, user).get(`${TASKS}?limit=1`);
    expect(list.body).toBe(JSON.stringify(list.json()));
    expect(typeof list.json().next_cursor).toBe('string');
    const last = await as(t.app, user).get(`${TASKS}?limit=5&sort=position`);
    expect(last.json().next_cursor).toBeNull();
    expect(last.body).toBe(JSON.stringify(last.json()));
  });

  it('leaves /openapi.json with the schemas as written (anyOf with null)', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    expect(document.components.schemas.Task!.properties.description!.anyOf).toBeDefined();
  });
});
