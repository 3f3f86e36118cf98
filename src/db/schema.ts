// The whole database schema in one place: Better Auth's tables (generated) and ours. drizzle-kit
// diffs this file into SQL migrations under drizzle/; row types are inferred from the tables.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { user } from './auth-schema.js';
import { LIST_LIMITS, PRIORITIES, REMINDER_LIMITS, TASK_LIMITS } from '../limits.js';

export * from './auth-schema.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Millisecond precision: the values round-trip exactly through JavaScript Dates, which keyset
// cursors depend on (a microsecond lost in a cursor would skip or repeat rows).
const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * A fractional-index order key (fractional-indexing): byte order is the order, whatever the
 * database's default collation (a locale collation would sort 'a' and 'B' differently).
 */
const orderKey = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

/** The parent key of a top-level task: a real value, so (parent_key, position) is a plain keyset. */
export const NO_PARENT = '00000000-0000-0000-0000-000000000000';

const priorityList = sql.raw(PRIORITIES.map((p) => `'${p}'`).join(', '));

export const lists = pgTable(
  'lists',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    color: text('color'),
    isInbox: boolean('is_inbox').notNull().default(false),
    position: orderKey('position').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'lists_pkey', columns: [t.userId, t.id] }),
    // One Inbox per user is a fact of the database, not of the code.
    uniqueIndex('lists_one_inbox_per_user').on(t.userId).where(sql`${t.isInbox}`),
    // Lists never share a position (see tasks_sibling_position_key).
    uniqueIndex('lists_user_position_key').on(t.userId, t.position),
    check('lists_name_length', sql`char_length(${t.name}) between 1 and ${sql.raw(String(LIST_LIMITS.nameMax))} and btrim(${t.name}) <> ''`),
    check('lists_color_format', sql`${t.color} ~ '^#[0-9a-f]{6}$'`),
    check('lists_version_positive', sql`${t.version} >= 1`),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    description: text('description'),
    isCompleted: boolean('is_completed').notNull().default(false),
    // enum: the inferred row type is the three values (the CHECK below is the database's wall).
    priority: text('priority', { enum: PRIORITIES }).notNull().default('Medium'),
    // High=0, Medium=1, Low=2: sort=priority orders by this, so the index serves it.
    priorityRank: smallint('priority_rank')
      .notNull()
      .generatedAlwaysAs(sql`case priority when 'High' then 0 when 'Medium' then 1 else 2 end`),
    dueDate: time('due_date'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
    completedAt: time('completed_at'),
    version: integer('version').notNull().default(1),
    listId: uuid('list_id').notNull(),
    parentId: uuid('parent_id'),
    // Generated, so a top-level task has a real key: the (parent, position) keyset of sort=position
    // and the sibling-order index need no NULL handling.
    parentKey: uuid('parent_key')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid)`),
    position: orderKey('position').notNull(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))`,
    ),
    // An RFC 5545 RRULE value, expanded in time_zone from recurrence_start (its DTSTART: the due
    // date the series was set up with, so COUNT counts from there while due_date moves on).
    recurrence: text('recurrence'),
    recurrenceStart: time('recurrence_start'),
    timeZone: text('time_zone').notNull().default('UTC'),
    // [{id, minutes_before_due} | {id, at}]: part of the task (and its version); the schedule the
    // reminder scheduler works from (task_reminders) is derived from it by a trigger.
    reminders: jsonb('reminders').$type<StoredReminder[]>().notNull().default(sql`'[]'::jsonb`),
    lastCompletedAt: time('last_completed_at'),
  },
  (t) => [
    // Every key and index leads with user_id: one user's rows are contiguous, and the table can
    // be sharded by user without changing a query.
    primaryKey({ name: 'tasks_pkey', columns: [t.userId, t.id] }),
    // Composite keys that carry user_id: no row can point at another user's list or task, whatever
    // the code does. Deleting a list deletes its tasks; deleting a task deletes its subtree.
    foreignKey({ name: 'tasks_list_fk', columns: [t.userId, t.listId], foreignColumns: [lists.userId, lists.id] }).onDelete('cascade'),
    foreignKey({ name: 'tasks_parent_fk', columns: [t.userId, t.parentId], foreignColumns: [t.userId, t.id] as [AnyPgColumn, AnyPgColumn] }).onDelete('cascade'),
    // Siblings never share a position (two writers that picked the same key: one retries), and
    // this is the index of sort=position within a list and of "the last sibling".
    uniqueIndex('tasks_sibling_position_key').on(t.userId, t.listId, t.parentKey, t.position),
    index('tasks_user_parent_idx').on(t.userId, t.parentId),
    index('tasks_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('tasks_user_updated_idx').on(t.userId, t.updatedAt, t.id),
    index('tasks_user_priority_idx').on(t.userId, t.priorityRank, t.id),
    index('tasks_user_title_idx').on(t.userId, t.title, t.id),
    // Tasks without a due date come last in both directions: one index per direction. CASE, not
    // COALESCE: under row-level security PostgreSQL only turns leakproof quals into index
    // conditions, and it counts COALESCE as leaky but CASE as safe, so with COALESCE a keyset
    // cursor would filter rows one by one instead of starting the index scan at the cursor.
    index('tasks_user_due_asc_idx').on(t.userId, sql`(case when ${t.dueDate} is null then 'infinity'::timestamptz else ${t.dueDate} end)`, t.id),
    index('tasks_user_due_desc_idx').on(t.userId, sql`(case when ${t.dueDate} is null then '-infinity'::timestamptz else ${t.dueDate} end)`, t.id),
    // btree_gin lets the GIN indexes lead with user_id too.
    index('tasks_user_search_idx').using('gin', t.userId, t.search),
    index('tasks_user_tags_idx').using('gin', t.userId, t.tags),
    check('tasks_title_length', sql`char_length(${t.title}) between 1 and ${sql.raw(String(TASK_LIMITS.titleMax))} and btrim(${t.title}) <> ''`),
    check('tasks_description_length', sql`char_length(${t.description}) <= ${sql.raw(String(TASK_LIMITS.descriptionMax))}`),
    check('tasks_priority_values', sql`${t.priority} in (${priorityList})`),
    check('tasks_tags_count', sql`cardinality(${t.tags}) <= ${sql.raw(String(TASK_LIMITS.tagsMax))}`),
    check('tasks_completed_consistent', sql`${t.isCompleted} = (${t.completedAt} is not null)`),
    check('tasks_version_positive', sql`${t.version} >= 1`),
    check('tasks_recurrence_needs_due_date', sql`${t.recurrence} is null or (${t.dueDate} is not null and ${t.recurrenceStart} is not null)`),
    check('tasks_reminders_count', sql`jsonb_typeof(${t.reminders}) = 'array' and jsonb_array_length(${t.reminders}) <= ${sql.raw(String(REMINDER_LIMITS.perTask))}`),
  ],
);

/** A reminder as the task row keeps it (ids are assigned by a trigger, see migration 0008). */
export type StoredReminder = { id: string; minutes_before_due: number } | { id: string; at: string };

/** Each completion of a task: when, and the occurrence (due date) it completed. */
export const taskCompletions = pgTable(
  'task_completions',
  {
    userId: uuid('user_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    taskId: uuid('task_id').notNull(),
    completedAt: time('completed_at').notNull().defaultNow(),
    dueDate: time('due_date'),
  },
  (t) => [
    primaryKey({ name: 'task_completions_pkey', columns: [t.userId, t.id] }),
    foreignKey({ name: 'task_completions_task_fk', columns: [t.userId, t.taskId], foreignColumns: [tasks.userId, tasks.id] }).onDelete('cascade'),
    index('task_completions_task_idx').on(t.userId, t.taskId, t.completedAt),
  ],
);

/**
 * The reminder schedule, one row per reminder of a task, kept in step with tasks.reminders by a
 * trigger: the occurrence it is for (the due date, or its own time), when it fires next (null:
 * nothing pending), and the occurrence it last fired for, so it fires once per occurrence.
 */
export const taskReminders = pgTable(
  'task_reminders',
  {
    userId: uuid('user_id').notNull(),
    id: uuid('id').notNull(),
    taskId: uuid('task_id').notNull(),
    occurrence: time('occurrence'),
    fireAt: time('fire_at'),
    firedFor: time('fired_for'),
  },
  (t) => [
    primaryKey({ name: 'task_reminders_pkey', columns: [t.userId, t.id] }),
    foreignKey({ name: 'task_reminders_task_fk', columns: [t.userId, t.taskId], foreignColumns: [tasks.userId, tasks.id] }).onDelete('cascade'),
    index('task_reminders_task_idx').on(t.userId, t.taskId),
    // The scheduler's one query across users: what is due, oldest first.
    index('task_reminders_due_idx').on(t.fireAt).where(sql`${t.fireAt} is not null`),
  ],
);

/**
 * Reminders delivered, numbered in the user's change sequence (sync_counters) so the event
 * stream sends them in order with the changes and replays them on resume (Last-Event-ID). One
 * per reminder and occurrence: a second delivery of the same is refused by the key.
 */
export const reminderDeliveries = pgTable(
  'reminder_deliveries',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    reminderId: uuid('reminder_id').notNull(),
    occurrence: time('occurrence').notNull(),
    taskId: uuid('task_id').notNull(),
    title: text('title').notNull(),
    dueDate: time('due_date'),
    late: boolean('late').notNull(),
    deliveredAt: time('delivered_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'reminder_deliveries_pkey', columns: [t.userId, t.seq] }),
    uniqueIndex('reminder_deliveries_once_key').on(t.userId, t.reminderId, t.occurrence),
    index('reminder_deliveries_age_idx').on(t.deliveredAt),
  ],
);

/**
 * Each user's change counter: last_seq is the number of the user's latest change. Every write
 * takes this row's lock before it touches a task or list (db trigger, 0005), so one user's
 * changes are numbered in commit order and a reader never sees a later number before an earlier
 * one. pruned_through: the highest change number whose tombstone is gone (older tokens are 410).
 */
export const syncCounters = pgTable('sync_counters', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  prunedThrough: bigint('pruned_through', { mode: 'number' }).notNull().default(0),
});

/**
 * The change log, one row per object (the latest change wins): its kind and id, whether it lives
 * (upsert) or was deleted (a tombstone), and the number of its latest change. Written by
 * triggers in the writing transaction, read by /changes and the event stream.
 */
export const changeLog = pgTable(
  'change_log',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['task', 'list'] }).notNull(),
    objectId: uuid('object_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    changedAt: time('changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'change_log_pkey', columns: [t.userId, t.kind, t.objectId] }),
    // /changes reads in this order, from a token on.
    uniqueIndex('change_log_user_seq_key').on(t.userId, t.seq),
    // The tombstone sweep's index.
    index('change_log_tombstones_idx').on(t.userId, t.changedAt).where(sql`${t.op} = 'delete'`),
    check('change_log_kind_values', sql`${t.kind} in ('task', 'list')`),
    check('change_log_op_values', sql`${t.op} in ('upsert', 'delete')`),
  ],
);

/**
 * A user's settings: for now the time zone recurring tasks are expanded in (an IANA name, as
 * Intl resolves it). No row means the defaults (UTC).
 */
export const userSettings = pgTable('user_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull().default('UTC'),
  updatedAt: time('updated_at').notNull().defaultNow(),
});

/**
 * Personal access tokens: only the SHA-256 of each token is kept (the tokens are 256-bit random
 * secrets, so a slow hash would add nothing). Revoking deletes the row. last_used_at is written
 * at most once a minute per token, not on every request.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
    expiresAt: time('expires_at'),
    lastUsedAt: time('last_used_at'),
  },
  (t) => [
    uniqueIndex('access_tokens_hash_key').on(t.tokenHash),
    index('access_tokens_user_idx').on(t.userId, t.createdAt),
    check('access_tokens_scopes_values', sql`${t.scopes} <@ array['read', 'write']::text[] and 'read' = any(${t.scopes})`),
  ],
);

/**
 * Webhooks: where to POST which events. The signing secret is kept sealed (AES-256-GCM under a
 * key derived from BETTER_AUTH_SECRET): the service needs it back to sign, so it cannot be a hash.
 * failing_since is set when a delivery gave up after its 24 hours of retries, cleared by the next
 * success.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    sealedSecret: text('sealed_secret').notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
    failingSince: time('failing_since'),
    lastSuccessAt: time('last_success_at'),
    lastFailureAt: time('last_failure_at'),
    lastError: text('last_error'),
  },
  (t) => [index('webhooks_user_idx').on(t.userId, t.createdAt)],
);

/**
 * The webhook delivery queue, filled by triggers in the writing transaction (so a change and its
 * deliveries commit together, and none is lost on a restart), emptied as receivers accept them.
 * seq orders one hook's deliveries; next_attempt_at is also the lease of a delivery in flight (a
 * process killed mid-attempt leaves it to be retried then).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    taskId: uuid('task_id'),
    data: jsonb('data').notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt),
    index('webhook_deliveries_hook_idx').on(t.webhookId, t.taskId, t.seq),
  ],
);
