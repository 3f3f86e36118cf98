// The list's filters as the page holds them, and how they become the contract's query parameters.
import type { ListQueryParams, PriorityValue } from '../../../src/tasks/tasks.schemas.js';
import { parseTags } from './taskDraft.js';

export type StatusFilter = NonNullable<ListQueryParams['status']>;
export type SortValue = NonNullable<ListQueryParams['sort']>;

export interface TaskFilters {
  q: string;
  status: StatusFilter;
  priority: PriorityValue | '';
  /** Comma-separated; each tag must be on the task. */
  tags: string;
  sort: SortValue;
}

/** The order tasks are dragged or moved into, the only one in which they can be. */
export const MANUAL_ORDER: SortValue = 'position';

export const defaultFilters: TaskFilters = { q: '', status: 'all', priority: '', tags: '', sort: MANUAL_ORDER };

export const STATUS_OPTIONS: readonly { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
];

export const SORT_OPTIONS: readonly { value: SortValue; label: string }[] = [
  { value: 'position', label: 'Manual order' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'due_date', label: 'Due date (soonest first)' },
  { value: '-due_date', label: 'Due date (latest first)' },
  { value: 'priority', label: 'Priority (high to low)' },
  { value: '-priority', label: 'Priority (low to high)' },
  { value: 'title', label: 'Title (A to Z)' },
  { value: '-title', label: 'Title (Z to A)' },
  { value: '-updated_at', label: 'Recently updated' },
];

/** Whether the filters narrow the list (sorting does not). */
export function isFiltering(f: TaskFilters): boolean {
  return f.q.trim() !== '' || f.status !== 'all' || f.priority !== '' || parseTags(f.tags).length > 0;
}

export function filtersToQuery(f: TaskFilters): ListQueryParams {
  const query: ListQueryParams = { sort: f.sort };
  const q = f.q.trim();
  if (q !== '') query.q = q;
  if (f.status !== 'all') query.status = f.status;
  if (f.priority !== '') query.priority = [f.priority];
  const tags = parseTags(f.tags);
  if (tags.length > 0) query.tag = tags;
  return query;
}
