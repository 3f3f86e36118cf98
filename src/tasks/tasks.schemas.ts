// The task API's wire shapes, defined once: Fastify validates with them, TypeScript infers
// types from them, @fastify/swagger turns them into /openapi.json, and the web app imports
// the inferred types. Limits live in ../limits.ts so the table's CHECKs and the web page use the same numbers.
import { Type, type Static } from 'typebox';
import { PAGE_LIMITS, TASK_LIMITS, PRIORITIES, SORT_KEYS, REMINDER_LIMITS } from '../limits.js';

// Input text: PostgreSQL cannot store U+0000, and an unpaired UTF-16 surrogate (JSON "\ud800")
// has no UTF-8 form and would be stored as U+FFFD. Both are refused as invalid input (422, or 400
// in the query string) rather than failing in the database (500) or being silently altered.
export const PLAIN_TEXT = '^[^\\u0000\\ud800-\\udfff]*$';

const Uuid = Type.String({ format: 'uuid', description: 'UUID, returned in lower case' });
export const Time = Type.String({ format: 'date-time', description: 'ISO-8601 UTC time, e.g. 2026-01-24T10:30:00.000Z' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Priority = Type.Enum(
  [...PRIORITIES],
  // type: 'string' beside the enum, so generated clients (and the docs) know the values are strings.
  { type: 'string', description: 'High, Medium or Low. Input is case-insensitive ("high" is accepted); output is always capitalised.' },
);

const RECURRENCE_DESCRIPTION = 'An RFC 5545 RRULE value such as FREQ=WEEKLY;BYDAY=MO,TH (no "RRULE:" prefix), expanded in time_zone; needs a due_date. FREQ=SECONDLY and MINUTELY are refused.';
const TIME_ZONE_DESCRIPTION = 'IANA time zone name the recurrence is expanded in; default: the user\'s setting, else UTC.';

export const Reminder = Type.Union(
  [
    Type.Object({ id: Uuid, minutes_before_due: Type.Integer({ minimum: 0, maximum: REMINDER_LIMITS.minutesBeforeMax, description: 'Fires this many minutes before the current occurrence\'s due_date.' }) }, { additionalProperties: false }),
    Type.Object({ id: Uuid, at: Time }, { additionalProperties: false }),
  ],
  { description: 'Relative to the due date, or at a fixed time. Fires once per occurrence.' },
);

/** A reminder as sent: exactly one of minutes_before_due and at; id optional (ids are the service's). */
const ReminderInput = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'Ignored: a reminder\'s id follows from its task and its time, so sending back what you read keeps it.' })),
    minutes_before_due: Type.Optional(Type.Integer({ minimum: 0, maximum: REMINDER_LIMITS.minutesBeforeMax })),
    at: Type.Optional(Time),
  },
  { additionalProperties: false, description: 'Exactly one of minutes_before_due and at.' },
);
const Reminders = Type.Array(ReminderInput, { maxItems: REMINDER_LIMITS.perTask, description: `Up to ${REMINDER_LIMITS.perTask}; the list replaces the task's reminders.` });
const Recurrence = Nullable(Type.String({ maxLength: 500, pattern: PLAIN_TEXT, description: RECURRENCE_DESCRIPTION }));
const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: PLAIN_TEXT, description: TIME_ZONE_DESCRIPTION });

export const Task = Type.Object(
  {
    id: Uuid,
    user_id: Uuid,
    title: Type.String({ minLength: 1, maxLength: TASK_LIMITS.titleMax }),
    description: Nullable(Type.String({ maxLength: TASK_LIMITS.descriptionMax })),
    is_completed: Type.Boolean(),
    priority: Priority,
    due_date: Nullable(Time),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: TASK_LIMITS.tagMax }), { maxItems: TASK_LIMITS.tagsMax }),
    created_at: Time,
    updated_at: Time,
    completed_at: Nullable(Time),
    version: Type.Integer({ minimum: 1, description: 'Starts at 1, grows by one on every change; the ETag is derived from it.' }),
    list_id: Type.String({ format: 'uuid', description: 'The list the task is in (the Inbox unless given).' }),
    parent_id: Nullable(Type.String({ format: 'uuid', description: 'The parent task (same list), or null for a top-level task.' })),
    position: Type.String({ description: 'Opaque; plain string comparison gives the manual order among siblings. Assigned by the service.' }),
    recurrence: Nullable(Type.String({ description: RECURRENCE_DESCRIPTION })),
    time_zone: Type.String({ description: TIME_ZONE_DESCRIPTION }),
    reminders: Type.Array(Reminder, { maxItems: REMINDER_LIMITS.perTask }),
    last_completed_at: Nullable(Type.String({ format: 'date-time', description: 'When the task (or an occurrence of it) was last completed.' })),
  },
  { $id: 'Task', additionalProperties: false },
);

export const TaskList = Type.Object(
  {
    items: Type.Array(Type.Ref('Task')),
    count: Type.Integer({ minimum: 0, description: 'Tasks matching the filters, over all pages.' }),
    next_cursor: Nullable(Type.String({ description: 'Opaque; pass as `cursor` for the next page. null on the last page.' })),
  },
  { $id: 'TaskList', additionalProperties: false },
);

export const TaskMetrics = Type.Object(
  {
    total: Type.Integer({ minimum: 0 }),
    completed: Type.Integer({ minimum: 0 }),
    pending: Type.Integer({ minimum: 0 }),
    overdue: Type.Integer({ minimum: 0, description: 'Not completed and due before now.' }),
    high_priority: Type.Integer({ minimum: 0 }),
    medium_priority: Type.Integer({ minimum: 0 }),
    low_priority: Type.Integer({ minimum: 0 }),
  },
  { $id: 'TaskMetrics', additionalProperties: false },
);


/**
 * What CursorCodec.encode (tasks.cursor.ts) produces: a base64url payload, a dot, a 22-character
 * base64url signature. Anything else is refused here, before the codec sees it.
 */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}$';

// Input fields. Titles are trimmed by the service before the 1..255 check; tags are trimmed and
// de-duplicated (first occurrence kept), so the 20-tag limit applies to distinct tags.
const Title = Type.String({ minLength: 1, maxLength: TASK_LIMITS.titleMax, pattern: PLAIN_TEXT, description: '1..255 characters after trimming; not blank.' });
const Description = Nullable(Type.String({ maxLength: TASK_LIMITS.descriptionMax, pattern: PLAIN_TEXT }));
const Tags = Type.Array(
  Type.String({ minLength: 1, maxLength: TASK_LIMITS.tagMax, pattern: '^[^,\\u0000\\ud800-\\udfff]+$', description: '1..50 characters, no comma.' }),
  { maxItems: TASK_LIMITS.tagsInputMax, description: 'Up to 20 distinct tags; duplicates are dropped (first kept).' },
);

export const TaskCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    is_completed: Type.Optional(Type.Boolean({ default: false })),
    priority: Type.Optional(Priority),
    due_date: Type.Optional(Nullable(Time)),
    tags: Type.Optional(Tags),
    list_id: Type.Optional(Type.String({ format: 'uuid', description: 'Default: the Inbox, or the parent\'s list.' })),
    parent_id: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'Make it a subtask of this task (same list; at most 4 levels below a top-level task).' }))),
    recurrence: Type.Optional(Recurrence),
    time_zone: Type.Optional(TimeZone),
    reminders: Type.Optional(Reminders),
  },
  { $id: 'TaskCreate', additionalProperties: false, description: 'The task goes to the end of its siblings.' },
);

export const TaskReplace = Type.Object(
  {
    title: Title,
    description: Description,
    is_completed: Type.Boolean(),
    priority: Type.Optional(Priority),
    due_date: Type.Optional(Nullable(Time)),
    tags: Type.Optional(Tags),
    recurrence: Type.Optional(Recurrence),
    time_zone: Type.Optional(TimeZone),
    reminders: Type.Optional(Reminders),
  },
  {
    $id: 'TaskReplace',
    additionalProperties: false,
    description: 'Full replace: priority, due_date, tags, recurrence and reminders reset to Medium, null, [], null and [] when absent; time_zone to the user\'s.',
  },
);

export const TaskPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    is_completed: Type.Optional(Type.Boolean()),
    priority: Type.Optional(Priority),
    due_date: Type.Optional(Nullable(Time)),
    tags: Type.Optional(Tags),
    recurrence: Type.Optional(Recurrence),
    time_zone: Type.Optional(TimeZone),
    reminders: Type.Optional(Reminders),
  },
  { $id: 'TaskPatch', additionalProperties: false, description: 'Only the fields sent change; null clears a nullable field.' },
);

export const Completion = Type.Object(
  {
    completed_at: Time,
    due_date: Nullable(Type.String({ format: 'date-time', description: 'The occurrence that was completed (the due date it had).' })),
  },
  { additionalProperties: false },
);

export const CompletionList = Type.Object(
  { items: Type.Array(Completion, { description: 'Newest first.' }) },
  { $id: 'CompletionList', additionalProperties: false },
);

export const UserPathParams = Type.Object({
  user_id: Type.String({ description: 'The authenticated user\'s id (a UUID, any case) or the literal "me".' }),
});

export const TaskPathParams = Type.Object({
  user_id: Type.String({ description: 'The authenticated user\'s id (a UUID, any case) or the literal "me".' }),
  id: Type.String({ format: 'uuid', description: 'The task id (UUID, any case).' }),
});

const UUID_PATTERN = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
// A pattern rather than format: 'uuid' in the query string: Swagger UI has no input for an array of
// uuid-format strings (it warns and renders nothing), and the check is the same.
const ListIds = Type.Array(Type.String({ pattern: `^${UUID_PATTERN}$`, description: 'A list id (UUID, any case).' }), { maxItems: 100, description: 'May repeat: tasks in any of these lists.' });
/** `none` or a UUID (any case). */
const PARENT_FILTER = `^(none|${UUID_PATTERN})$`;

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['all', 'pending', 'completed'], { type: 'string', default: 'all' })),
    priority: Type.Optional(Type.Array(Priority, { maxItems: 3, description: 'May repeat; any of them matches.' })),
    tag: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: TASK_LIMITS.tagMax, pattern: PLAIN_TEXT }), { maxItems: TASK_LIMITS.tagsMax, description: 'May repeat; a task must carry all of them.' })),
    q: Type.Optional(Type.String({ maxLength: 500, pattern: PLAIN_TEXT, description: 'Search words over title and description (stems, any case; quotes, -word and or as in web search).' })),
    due_before: Type.Optional(Time),
    due_after: Type.Optional(Time),
    overdue: Type.Optional(Type.Boolean({ description: 'true: not completed and due before now.' })),
    list_id: Type.Optional(ListIds),
    parent_id: Type.Optional(Type.String({ pattern: PARENT_FILTER, description: 'A task id: its direct subtasks only; `none`: top-level tasks only.' })),
    sort: Type.Optional(Type.Enum(SORT_KEYS.flatMap((k) => [k, `-${k}` as const]), { type: 'string', default: '-created_at', description: 'A field, - prefix for descending; ties broken by id. position: the manual order (by parent, then position).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_LIMITS.max, default: PAGE_LIMITS.default })),
    cursor: Type.Optional(Type.String({ maxLength: 2000, pattern: CURSOR_PATTERN, description: 'The next_cursor of the previous page.' })),
  },
  { additionalProperties: false },
);

export const MetricsQuery = Type.Object({ list_id: Type.Optional(ListIds) }, { additionalProperties: false });

/** Routes other than the list take no query parameters: an unknown one is a 400, as on the list. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'An ETag from a previous response; a stale one gives 412 and changes nothing.' })),
});

export const IfNoneMatchHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'The ETag you hold; 304 when it is still current.' })),
});

export type TaskDto = Static<typeof Task>;
// items is a $ref in the schema (so OpenAPI names Task once); TypeScript cannot follow it.
export type TaskListDto = Omit<Static<typeof TaskList>, 'items'> & { items: TaskDto[] };
export type TaskMetricsDto = Static<typeof TaskMetrics>;
export type TaskCreateBody = Static<typeof TaskCreate>;
export type TaskReplaceBody = Static<typeof TaskReplace>;
export type TaskPatchBody = Static<typeof TaskPatch>;
export type ListQueryParams = Static<typeof ListQuery>;
export type MetricsQueryParams = Static<typeof MetricsQuery>;
export type ReminderDto = Static<typeof Reminder>;
export type ReminderInputBody = Static<typeof ReminderInput>;
export type CompletionDto = Static<typeof Completion>;
export type PriorityValue = Static<typeof Priority>;
