// Shared steps for the sync tests: /changes through HTTP, and a client's replica built from the
// pages (what a phone app keeps), to compare with what the API says now.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ChangeDto, ChangePageDto } from '../../src/sync/sync.schemas.js';
import { as, type TestUser } from '../helpers/users.js';
import { allLists } from '../lists/list-api.js';
import { listTasks } from '../tasks/task-api.js';

export const CHANGES = '/api/me/changes';

export async function changes(app: FastifyInstance, user: TestUser, query: { since?: string; limit?: number } = {}): Promise<ChangePageDto> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await as(app, user).get(`${CHANGES}${params.size > 0 ? `?${params}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ChangePageDto;
}

/** A client's copy of its objects, keyed `kind:id`. */
export type Replica = Map<string, unknown>;

export function apply(replica: Replica, page: ChangeDto[]): void {
  for (const change of page) {
    const key = `${change.kind}:${change.id}`;
    if (change.op === 'delete') replica.delete(key);
    else replica.set(key, change.data);
  }
}

/** Pages until has_more is false; the replica and the token to continue from. */
export async function syncAll(app: FastifyInstance, user: TestUser, replica: Replica, since?: string, limit?: number): Promise<string> {
  let token = since;
  for (;;) {
    const page = await changes(app, user, { ...(token === undefined ? {} : { since: token }), ...(limit === undefined ? {} : { limit }) });
    apply(replica, page.changes);
    token = page.next_token;
    if (!page.has_more) return token;
  }
}

/** What the API says the user has now, as a replica (lists with their counts). */
export async function truth(app: FastifyInstance, user: TestUser): Promise<Replica> {
  const replica: Replica = new Map();
  for (const list of await allLists(app, user)) replica.set(`list:${list.id}`, list);
  for (let cursor: string | null = ''; cursor !== null;) {
    const page = await listTasks(app, user, `limit=100${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    for (const task of page.items) replica.set(`task:${task.id}`, task);
    cursor = page.next_cursor;
  }
  return replica;
}
