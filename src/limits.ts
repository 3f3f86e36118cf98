// One source for the limits and fixed vocabularies. The HTTP schemas, the service, the table's
// CHECK constraints, Better Auth's settings and the web page all read these, so no two walls can
// disagree (the seed wrote them twice and they drifted). Imports nothing: the web page bundles it.
export const TASK_LIMITS = {
  titleMax: 255,
  descriptionMax: 2000,
  tagMax: 50,
  /** Distinct tags a task may carry. */
  tagsMax: 20,
  /** Tags accepted in a request before de-duplication; bounds the work a hostile body can cause. */
  tagsInputMax: 100,
} as const;

export const LIST_LIMITS = {
  nameMax: 100,
  /** Levels of subtasks below a top-level task (a top-level task is depth 0). */
  maxDepth: 4,
  /** Lists one user may keep: bounds GET /lists, which always returns all of them. */
  listsMax: 1000,
} as const;

/** GET /api/{user_id}/tasks: `limit` when absent, and the most one page may hold. */
export const PAGE_LIMITS = { default: 100, max: 1000 } as const;

/** Sign-up passwords, as Better Auth enforces them and the sign-up form checks them first. */
export const PASSWORD_LIMITS = { min: 8, max: 128 } as const;

export const PRIORITIES = ['High', 'Medium', 'Low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SORT_KEYS = ['created_at', 'updated_at', 'due_date', 'priority', 'title', 'position'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SYNC_LIMITS = {
  /** Changes per /changes page. */
  pageDefault: 500,
  pageMax: 1000,
  /** Deletions are kept this long; a token older than the oldest kept one is a 410. */
  tombstoneDays: 30,
} as const;

export const REMINDER_LIMITS = {
  perTask: 10,
  /** minutes_before_due up to four weeks. */
  minutesBeforeMax: 40_320,
  /** A reminder fired later than this after its time is marked late. */
  lateAfterMs: 60_000,
  /** One later than this (the service was down that long) is skipped, not fired. */
  skipAfterMs: 86_400_000,
} as const;
