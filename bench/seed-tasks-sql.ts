// Bulk seeding in SQL (INSERT ... SELECT FROM generate_series), as the superuser, so millions of
// tasks take minutes rather than hours. Every column is a deterministic hash of the row number,
// which gives realistic variety without a round trip per row: 30% High / 50% Medium / 20% Low,
// 0-3 tags from a small vocabulary, due dates past / future / none, about 30% completed, and
// titles and descriptions drawn from a word list so full-text search has hits. Every task is
// top-level in its user's Inbox, in the order of its number among the user's tasks.
import type { SuperuserSql } from './superuser-sql.js';

export const WORDS = [
  'call', 'plumber', 'kitchen', 'invoice', 'client', 'report', 'draft', 'review', 'budget', 'meeting',
  'dentist', 'appointment', 'garden', 'fence', 'paint', 'garage', 'laundry', 'groceries', 'milk', 'bread',
  'passport', 'renew', 'insurance', 'car', 'service', 'tyres', 'flight', 'hotel', 'booking', 'birthday',
  'present', 'mother', 'father', 'school', 'homework', 'teacher', 'library', 'return', 'books', 'email',
  'reply', 'manager', 'project', 'deadline', 'slides', 'presentation', 'quarterly', 'taxes', 'receipts', 'bank',
  'transfer', 'rent', 'landlord', 'repair', 'boiler', 'heating', 'window', 'cleaner', 'vacuum', 'carpet',
  'doctor', 'prescription', 'pharmacy', 'gym', 'running', 'shoes', 'yoga', 'class', 'swimming', 'lesson',
  'guitar', 'practice', 'recipe', 'dinner', 'party', 'guests', 'invitations', 'wedding', 'photos', 'album',
  'backup', 'laptop', 'phone', 'charger', 'printer', 'ink', 'contract', 'sign', 'lawyer', 'notary',
  'vet', 'dog', 'cat', 'food', 'walk', 'neighbour', 'parcel', 'post', 'office', 'stamps',
  'update', 'website', 'blog', 'article', 'newsletter', 'subscribe', 'cancel', 'subscription', 'refund', 'order',
  'furniture', 'sofa', 'table', 'chairs', 'assemble', 'shelf', 'curtains', 'measure', 'bathroom', 'tiles',
];

export const TAGS = ['work', 'home', 'urgent', 'errands', 'health', 'finance', 'family', 'study', 'travel', 'shopping'];

/** Words the search workload asks for (each is in roughly one task in ten). */
export const SEARCH_WORDS = ['invoice', 'garden', 'dentist', 'report', 'birthday', 'laptop', 'recipe', 'contract'];

const N = WORDS.length;
// A non-negative pseudo-random number per (row, salt); hashint8 is stable across PostgreSQL versions.
const h = (salt: number) => `(hashint8(s.g * 64 + ${salt})::bigint + 2147483648)`;
const word = (salt: number) => `($1::text[])[1 + ${h(salt)} % ${N}]`;
const tag = (offset: string) => `($2::text[])[1 + (${offset}) % ${TAGS.length}]`;

const TITLE = `initcap(${word(1)}) || ' ' || ${word(2)} || ' ' || ${word(3)} || ' ' || ${word(4)}`;
const DESCRIPTION = `case when ${h(5)} % 5 = 0 then null else ${Array.from({ length: 10 }, (_, i) => word(10 + i)).join(` || ' ' || `)} end`;
const COMPLETED = `(${h(6)} % 10 < 3)`;
const PRIORITY = `case when ${h(7)} % 10 < 3 then 'High' when ${h(7)} % 10 < 8 then 'Medium' else 'Low' end`;
// None 30%; otherwise from 30 days ago to 60 days ahead.
const DUE = `case when ${h(8)} % 10 < 3 then null else now() + ((${h(9)} % 129600) - 43200) * interval '1 minute' end`;
const A = h(20);
const TAG_LIST = `case ${h(21)} % 4 when 0 then '{}'::text[]
  when 1 then array[${tag(A)}]
  when 2 then array[${tag(A)}, ${tag(`${A} + 1 + ${h(22)} % 4`)}]
  else array[${tag(A)}, ${tag(`${A} + 1 + ${h(22)} % 4`)}, ${tag(`${A} + 5 + ${h(23)} % 4`)}] end`;
const CREATED = `now() - (${h(24)} % 525600) * interval '1 minute'`;

const BASE_62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/**
 * The task's position: a fractional-indexing integer key, 'e' and five base-62 digits of its
 * number among the user's tasks (as migration 0004 numbers existing tasks), so the service
 * and the floor continue after it with generateKeyBetween.
 */
const POSITION = `'e' || ${[4, 3, 2, 1, 0].map((k) => `substr('${BASE_62}', ((s.n / ${62 ** k}) % 62)::int + 1, 1)`).join(' || ')}`;

/**
 * The INSERT for rows of `source`, a query yielding (user_id uuid, g bigint, n bigint: the task's
 * number among its user's, from 0). $1 words, $2 tags. The tasks go to each user's Inbox.
 */
function insertTasks(source: string): string {
  return `insert into tasks (user_id, title, description, is_completed, priority, due_date, tags, created_at, updated_at, completed_at, list_id, position)
    select s.user_id, ${TITLE}, ${DESCRIPTION}, c.completed, ${PRIORITY}, ${DUE}, ${TAG_LIST}, c.created_at, c.updated_at,
      case when c.completed then c.updated_at end, inbox.id, ${POSITION}
    from (${source}) s
    join lists inbox on inbox.user_id = s.user_id and inbox.is_inbox
    cross join lateral (select ${COMPLETED} as completed, ${CREATED} as created_at,
      least(now(), ${CREATED} + (${h(25)} % 2880) * interval '1 minute') as updated_at) c`;
}

/** tasksPerUser tasks for each user whose email starts with emailPrefix, interleaved as real use would be. */
export async function seedUserTasks(sql: SuperuserSql, emailPrefix: string, tasksPerUser: number, salt: number): Promise<void> {
  const source = `select u.id as user_id, (j * 100003 + u.k + ${salt})::bigint as g, j::bigint as n
    from (select id, row_number() over (order by email) - 1 as k from "user" where email like $3) u
    cross join generate_series(0, $4::int - 1) j
    order by j, u.k`;
  await sql.query(insertTasks(source), [WORDS, TAGS, `${emailPrefix}%`, tasksPerUser]);
}

/**
 * Adds `rows` background tasks owned by new users (tasksPerUser each), in one statement per
 * million rows, so the table grows while the measured users' own tasks stay as they are.
 */
export async function addBackgroundTasks(sql: SuperuserSql, runId: string, rows: number, tasksPerUser: number, log: (line: string) => void) {
  // Millions of rows go in far faster without the secondary indexes, rebuilt once at the end
  // (the two GIN indexes especially: maintained row by row they made 1M → 10M take 20 minutes).
  const rebuild = rows >= REBUILD_INDEXES_FROM ? await dropSecondaryIndexes(sql) : [];
  try {
    await insertBackgroundTasks(sql, runId, rows, tasksPerUser, log);
  } finally {
    if (rebuild.length > 0) await recreateIndexes(sql, rebuild, log);
  }
}

const REBUILD_INDEXES_FROM = 2_000_000;

/** Drops every index on tasks but the primary key; returns their definitions. */
async function dropSecondaryIndexes(sql: SuperuserSql): Promise<Array<{ name: string; definition: string }>> {
  const indexes = await sql.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where schemaname = current_schema() and tablename = 'tasks' and indexname <> 'tasks_pkey'`,
  );
  for (const { name } of indexes) await sql.query(`drop index "${name}"`);
  return indexes;
}

async function recreateIndexes(sql: SuperuserSql, indexes: Array<{ name: string; definition: string }>, log: (line: string) => void) {
  const started = Date.now();
  await sql.query(`set maintenance_work_mem = '1GB'`);
  for (const { definition } of indexes) await sql.query(definition);
  await sql.query('reset maintenance_work_mem');
  log(`  rebuilt ${indexes.length} indexes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function insertBackgroundTasks(sql: SuperuserSql, runId: string, rows: number, tasksPerUser: number, log: (line: string) => void) {
  const batch = 1_000_000;
  let done = 0;
  let batchNo = (await sql.query<{ n: number }>(`select count(*)::int as n from "user" where email like 'bg-%'`))[0]!.n;
  while (done < rows) {
    const size = Math.min(batch, rows - done);
    const users = Math.ceil(size / tasksPerUser);
    const prefix = `bg-${runId}-${batchNo}-`;
    batchNo += users;
    await sql.query(
      `insert into "user" (name, email) select 'Background user ' || g, $1 || g || '@bench.invalid' from generate_series(1, $2::int) g`,
      [prefix, users],
    );
    // Sign-up gives a user their Inbox (a Better Auth hook); users made in SQL get it here.
    await sql.query(
      `insert into lists (user_id, name, is_inbox, position) select id, 'Inbox', true, 'a0' from "user" where email like $1`,
      [`${prefix}%`],
    );
    const source = `select u.id as user_id, (u.k * ${tasksPerUser} + j + ${batchNo * 7919})::bigint as g, j::bigint as n
      from (select id, row_number() over (order by email) - 1 as k from "user" where email like $3) u
      cross join generate_series(0, ${tasksPerUser} - 1) j
      where u.k * ${tasksPerUser} + j < $4::int`;
    const started = Date.now();
    await sql.query(insertTasks(source), [WORDS, TAGS, `${prefix}%`, size]);
    done += size;
    log(`  +${size.toLocaleString('en')} background tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

export async function countTasks(sql: SuperuserSql): Promise<number> {
  return Number((await sql.query<{ n: string }>('select count(*) as n from tasks'))[0]!.n);
}

/** After bulk inserts: set hint bits, flush GIN pending lists, fresh statistics, so autovacuum stays quiet during measurement. */
export async function settle(sql: SuperuserSql): Promise<void> {
  await sql.query('vacuum (analyze) tasks');
  await sql.query('analyze "user"');
}

/** Tasks the write workloads created (tagged bench-new) go, so later phases see the seeded state. */
export async function removeCreatedTasks(sql: SuperuserSql): Promise<number> {
  const rows = await sql.query<{ n: number }>(`with d as (delete from tasks where tags @> '{bench-new}' returning 1) select count(*)::int as n from d`);
  return rows[0]!.n;
}
