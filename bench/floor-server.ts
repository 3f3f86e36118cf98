// The floor: the fastest honest version of the service's work for the routes the benchmark uses.
// Bare node:http, the same driver, the same SQL in the same per-request transaction, the same JWT
// verification (jose, EdDSA, against the service's /api/auth/jwks, issuer and audience checked),
// the same input checks in plain code, JSON.stringify out. No framework, no schemas, no hooks.
// The move is the one route with the floor's own SQL: the least a reorder among siblings needs
// (floor-move.ts), where the service runs its general move; so is GET /changes (floor-changes.ts).
// Env: PORT, SERVICE_URL, and DATABASE_URL (pg) or PGLITE_DIR (PGlite), DB_POOL_SIZE, and
// BETTER_AUTH_SECRET (the service's, for sync tokens).
import crypto from 'node:crypto';
import http from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { verifyPassword } from 'better-auth/crypto';
import { generateKeyBetween } from 'fractional-indexing';
import { openPgliteFloor, openPostgresFloor, type FloorDatabase, type Query } from './floor-database.js';
import * as SQL from './floor-sql.js';
import { parseTaskBody, parseListQuery, parseMoveBody, BadInput } from './floor-input.js';
import { moveAmongSiblings } from './floor-move.js';
import { changesPage, parseChangesQuery } from './floor-changes.js';
import { SyncTokenCodec } from '../src/sync/sync.token.js';

const serviceUrl = process.env.SERVICE_URL!;
const database: FloorDatabase = process.env.PGLITE_DIR
  ? await openPgliteFloor(process.env.PGLITE_DIR)
  : openPostgresFloor(process.env.DATABASE_URL!, Number(process.env.DB_POOL_SIZE ?? 10));
const keys = createLocalJWKSet((await (await fetch(`${serviceUrl}/api/auth/jwks`)).json()) as JSONWebKeySet);
const cursorKey = crypto.randomBytes(32);
// Tokens the service issued must pass here, and the floor's must pass there: the same secret.
const syncTokens = new SyncTokenCodec(process.env.BETTER_AUTH_SECRET ?? crypto.randomBytes(32).toString('base64url'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Record<string, unknown>;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
// As the service's toTaskDto (src/tasks/tasks.mapper.ts): recurrence_start is read, not sent.
const dto = (r: Row) => ({
  id: r.id, user_id: r.user_id, title: r.title, description: r.description, is_completed: r.is_completed, priority: r.priority,
  due_date: iso(r.due_date), tags: r.tags, created_at: iso(r.created_at), updated_at: iso(r.updated_at),
  completed_at: iso(r.completed_at), version: r.version, list_id: r.list_id, parent_id: r.parent_id, position: r.position,
  recurrence: r.recurrence, time_zone: r.time_zone, reminders: r.reminders, last_completed_at: iso(r.last_completed_at),
});

/** The floor serves no recurrence or reminders: a task it writes has none, in the zone the statement defaults to. */
const NO_RECURRENCE = null;
const DEFAULT_TIME_ZONE = null;
const NO_REMINDERS = '[]';

/** After a statement completed a plain task: its open subtasks, then its history (the service's afterPlainCompletion). */
async function afterCompletion(q: Query, userId: string, taskId: string) {
  await q(SQL.COMPLETE_SUBTREE, [userId, taskId, userId, userId]);
  await q(SQL.RECORD_COMPLETION, [userId, taskId]);
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
const fail = (res: http.ServerResponse, status: number, code: string, detail: string) => send(res, status, { detail, error_code: code });

async function userOf(req: http.IncomingMessage): Promise<string | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return null;
  try {
    const { payload } = await jwtVerify(match[1]!, keys, { issuer: serviceUrl, audience: serviceUrl, algorithms: ['EdDSA'] });
    return typeof payload.sub === 'string' && UUID.test(payload.sub) ? payload.sub.toLowerCase() : null;
  } catch {
    return null;
  }
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new BadInput(413, 'PAYLOAD_TOO_LARGE', 'Body too large.');
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadInput(400, 'VALIDATION_ERROR', 'Malformed JSON.');
  }
}

function cursorOf(sort: string, row: Row): string {
  // As the service's cursors: the sort value and the tie-breaker (for manual order "parent position" and the list).
  const [value, id] =
    sort === 'position' ? [`${String(row.parent_id ?? SQL.NO_PARENT)} ${String(row.position)}`, row.list_id]
    : [sort === 'due_date' ? (iso(row.due_date) ?? 'infinity') : iso(row.created_at), row.id];
  const payload = Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
  return `${payload}.${crypto.createHmac('sha256', cursorKey).update(payload).digest('base64url').slice(0, 22)}`;
}

const POSITION_ATTEMPTS = 5;

/** Runs fn (a whole transaction) again when a concurrent writer took the sibling position it picked, as the service does. */
async function retryingPositions<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code !== '23505' || constraint !== 'tasks_sibling_position_key' || attempt >= POSITION_ATTEMPTS) throw error;
    }
  }
}

/** A write that touched no row: 404 (no such task, or someone else's). Same second look as the service. */
async function changeOne(query: Query, text: string, params: unknown[], userId: string, id: string): Promise<Row | null> {
  const [row] = await query(text, params);
  if (row) return row;
  await query(SQL.EXISTS, [userId, id]);
  return null;
}

async function tasksRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rest: string[]) {
  const userId = await userOf(req);
  if (!userId) return fail(res, 401, 'UNAUTHORIZED', 'Sign in first.');
  const [id, action] = rest;
  const method = req.method;
  if (id === undefined && method === 'GET') {
    const query = parseListQuery(url.searchParams);
    const statements = SQL.listStatements(userId, query);
    const { rows, total } = await database.asUser(userId, async (q) => {
      const rows = await q(...statements.list);
      return { rows, total: (await q(...statements.count))[0]!.n };
    });
    const items = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? cursorOf(query.sort, items.at(-1)!) : null;
    return send(res, 200, { items: items.map(dto), count: total, next_cursor: next });
  }
  if (id === undefined && method === 'POST') {
    const t = parseTaskBody(await readJson(req), false);
    // At the end of the Inbox's top level: its id and last position, the next key, the insert.
    const row = await retryingPositions(() =>
      database.asUser(userId, async (q) => {
        const [tail] = await q(SQL.INBOX_TAIL, [userId, SQL.NO_PARENT, userId]);
        if (!tail) throw new Error(`user ${userId} has no Inbox`);
        const position = generateKeyBetween(tail.last as string | null, null);
        const params = [
          userId, t.title, t.description, t.isCompleted, t.priority, t.dueDate, t.tags, t.isCompleted, tail.list_id, null, position,
          NO_RECURRENCE, NO_RECURRENCE, t.dueDate, DEFAULT_TIME_ZONE, userId, NO_REMINDERS,
        ];
        return (await q(SQL.INSERT, params))[0]!;
      }),
    );
    return send(res, 201, dto(row), { location: `/api/me/tasks/${String(row.id)}`, etag: `"v${String(row.version)}"` });
  }
  if (id === 'metrics' && method === 'GET') {
    const [row] = await database.asUser(userId, (q) => q(SQL.METRICS, [userId]));
    return send(res, 200, row);
  }
  if (id === undefined || !UUID.test(id)) return fail(res, 400, 'VALIDATION_ERROR', 'The task id must be a UUID.');
  const taskId = id.toLowerCase();
  let row: Row | null | undefined;
  if (action === undefined && method === 'GET') {
    row = (await database.asUser(userId, (q) => q(SQL.FIND, [userId, taskId])))[0];
  } else if (action === undefined && method === 'PUT') {
    const t = parseTaskBody(await readJson(req), true);
    row = await database.asUser(userId, async (q) => {
      const params = [
        t.title, t.description, t.isCompleted, t.priority, t.dueDate, t.tags, t.isCompleted, NO_RECURRENCE, NO_RECURRENCE, t.dueDate,
        DEFAULT_TIME_ZONE, userId, NO_REMINDERS, t.isCompleted, userId, taskId, t.isCompleted, NO_RECURRENCE, userId, taskId,
      ];
      const replaced = await changeOne(q, SQL.REPLACE, params, userId, taskId);
      if (replaced && t.isCompleted && replaced.was_completed === false) await afterCompletion(q, userId, taskId);
      return replaced;
    });
  } else if (action === 'complete' && method === 'PATCH') {
    row = await database.asUser(userId, async (q) => {
      const toggled = await changeOne(q, SQL.TOGGLE, [userId, taskId], userId, taskId);
      if (toggled?.is_completed) await afterCompletion(q, userId, taskId);
      return toggled;
    });
  } else if (action === 'move' && method === 'POST') {
    const { side, neighbourId } = parseMoveBody(await readJson(req));
    row = await retryingPositions(() => database.asUser(userId, (q) => moveAmongSiblings(q, userId, taskId, side, neighbourId)));
  } else if (action === undefined && method === 'DELETE') {
    const deleted = await database.asUser(userId, (q) => changeOne(q, SQL.DELETE, [userId, taskId], userId, taskId));
    return deleted ? send(res, 204) : fail(res, 404, 'NOT_FOUND', 'Task not found.');
  } else {
    return fail(res, 404, 'NOT_FOUND', 'No such route.');
  }
  if (!row) return fail(res, 404, 'NOT_FOUND', 'Task not found.');
  return send(res, 200, dto(row), { etag: `"v${String(row.version)}"` });
}

async function changesRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const userId = await userOf(req);
  if (!userId) return fail(res, 401, 'UNAUTHORIZED', 'Sign in first.');
  const query = parseChangesQuery(url.searchParams, syncTokens, userId);
  return send(res, 200, await database.asUser(userId, (q) => changesPage(q, syncTokens, userId, query, dto)));
}

/** Better Auth's sign-in, reduced to its work: find the user and password, verify, create a session. */
async function signIn(req: http.IncomingMessage, res: http.ServerResponse) {
  const body = (await readJson(req)) as { email?: unknown; password?: unknown } | undefined;
  if (typeof body?.email !== 'string' || typeof body.password !== 'string') return fail(res, 400, 'VALIDATION_ERROR', 'email and password');
  const [user] = await database.query('select * from "user" where "email" = $1 limit 1', [body.email.toLowerCase()]);
  const [account] = user
    ? await database.query(`select * from "account" where "user_id" = $1 and "provider_id" = 'credential' limit 1`, [user.id])
    : [];
  if (!user || !account || !(await verifyPassword({ hash: String(account.password), password: body.password }))) {
    return send(res, 401, { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' });
  }
  const token = crypto.randomBytes(24).toString('base64url');
  await database.query(
    `insert into "session" ("expires_at", "token", "created_at", "updated_at", "ip_address", "user_agent", "user_id")
     values (now() + interval '7 days', $1, now(), now(), $2, $3, $4) returning *`,
    [token, req.socket.remoteAddress ?? '', req.headers['user-agent'] ?? '', user.id],
  );
  const signature = crypto.createHmac('sha256', cursorKey).update(token).digest('base64');
  const { id, name, email, email_verified: emailVerified, image, created_at: createdAt, updated_at: updatedAt } = user;
  return send(res, 200, { redirect: false, token, user: { id, name, email, emailVerified, image, createdAt, updatedAt } }, {
    'set-cookie': `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://floor');
  const parts = url.pathname.split('/').filter((p) => p !== '');
  let handled: Promise<void> | void;
  if (url.pathname === '/health') handled = send(res, 200, { status: 'ok' });
  else if (req.method === 'POST' && url.pathname === '/api/auth/sign-in/email') handled = signIn(req, res);
  else if (parts[0] === 'api' && parts[1] === 'me' && parts[2] === 'tasks' && parts.length <= 5) handled = tasksRoute(req, res, url, parts.slice(3));
  else if (req.method === 'GET' && url.pathname === '/api/me/changes') handled = changesRoute(req, res, url);
  else handled = fail(res, 404, 'NOT_FOUND', 'No such route.');
  void Promise.resolve(handled).catch((error: unknown) => {
    if (error instanceof BadInput) return fail(res, error.status, error.code, error.message);
    process.stderr.write(`floor: ${String((error as Error)?.stack ?? error)}\n`);
    if (!res.headersSent) fail(res, 500, 'SERVER_ERROR', 'Something went wrong.');
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => {
  server.close(() => void database.close().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
