// The users the load acts as: real accounts made through the service's sign-up (so passwords,
// sessions and JWT keys are the service's own), with JWTs from GET /api/auth/token.
import type { SuperuserSql } from './superuser-sql.js';

export interface BenchUser {
  id: string;
  email: string;
  password: string;
  sessionToken: string;
  jwt: string;
  /** The user's own seeded tasks (never deleted by the load), all top-level in the Inbox. */
  taskIds: string[];
  /** The user's Inbox (made at sign-up), where the seeded and created tasks are. */
  inboxId: string;
}

export const PASSWORD = 'bench-password-1234';

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function fetchJwt(baseUrl: string, sessionToken: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/token`, { headers: { authorization: `Bearer ${sessionToken}` } });
  const json = (await response.json().catch(() => ({}))) as { token?: string };
  if (response.status !== 200 || typeof json.token !== 'string') throw new Error(`GET /api/auth/token answered ${response.status}`);
  return json.token;
}

/** Runs fn over items with at most `limit` in flight. */
export async function inParallel<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Emails sort in creation order, so seeding can number users by email. */
export function benchEmail(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(5, '0')}@bench.invalid`;
}

export async function signUpUsers(baseUrl: string, prefix: string, count: number): Promise<BenchUser[]> {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const email = benchEmail(prefix, i);
      const { status, json } = await postJson(`${baseUrl}/api/auth/sign-up/email`, { name: `Bench user ${i}`, email, password: PASSWORD });
      const user = json.user as { id?: string } | undefined;
      if (status !== 200 || typeof json.token !== 'string' || typeof user?.id !== 'string') {
        throw new Error(`sign-up of ${email} answered ${status}: ${JSON.stringify(json).slice(0, 200)}`);
      }
      const sessionToken = json.token;
      return { id: user.id, email, password: PASSWORD, sessionToken, jwt: await fetchJwt(baseUrl, sessionToken), taskIds: [], inboxId: '' };
    },
  );
}

/** JWTs live 15 minutes; a long run fetches fresh ones (the sessions live a week). */
export async function refreshJwts(baseUrl: string, users: BenchUser[]): Promise<void> {
  await inParallel(users, 8, async (user) => {
    user.jwt = await fetchJwt(baseUrl, user.sessionToken);
  });
}

/** Fills each user's taskIds with the ids of the tasks seeding gave them, and inboxId. */
export async function loadTaskIds(sql: SuperuserSql, users: BenchUser[]): Promise<void> {
  const inboxes = await sql.query<{ user_id: string; id: string }>(
    'select user_id, id from lists where user_id = any($1::uuid[]) and is_inbox',
    [users.map((u) => u.id)],
  );
  const inboxOf = new Map(inboxes.map((row) => [row.user_id, row.id] as const));
  for (const user of users) {
    const inboxId = inboxOf.get(user.id);
    if (!inboxId) throw new Error(`${user.email} has no Inbox`);
    user.inboxId = inboxId;
  }
  const rows = await sql.query<{ user_id: string; id: string }>(
    `select user_id, id from tasks where user_id = any($1::uuid[]) and not tags @> '{bench-new}' order by user_id, id`,
    [users.map((u) => u.id)],
  );
  const byUser = new Map(users.map((u) => [u.id, u] as const));
  for (const user of users) user.taskIds = [];
  for (const row of rows) byUser.get(row.user_id)?.taskIds.push(row.id);
  const empty = users.find((u) => u.taskIds.length === 0);
  if (empty) throw new Error(`seeding gave ${empty.email} no tasks`);
}
