// One source for the limits: the HTTP schemas and the table's CHECK constraints both read these,
// so the two walls can never disagree (the seed wrote them twice and they drifted).
export const TASK_LIMITS = {
  titleMax: 255,
  descriptionMax: 2000,
  tagMax: 50,
  /** Distinct tags a task may carry. */
  tagsMax: 20,
  /** Tags accepted in a request before de-duplication; bounds the work a hostile body can cause. */
  tagsInputMax: 100,
} as const;

export const PRIORITIES = ['High', 'Medium', 'Low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SORT_KEYS = ['created_at', 'updated_at', 'due_date', 'priority', 'title'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
