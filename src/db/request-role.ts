// The role every request transaction runs as. It has no BYPASSRLS and is not a superuser, so
// the row-level-security policy on tasks applies even though the connection's own user (PGlite's
// default user, CI's postgres) is a superuser. Created by the migration 0001_row_level_security.
export const REQUEST_ROLE = 'task_api';

// The reminder scheduler's role for its one query across users (the ids and fire times of
// pending reminders, nothing else). Created by the migration 0008_recurrence_reminders.
export const SCHEDULER_ROLE = 'task_scheduler';
