// A deliberately simple in-memory model of the task API, for the model-based property test:
// plain arrays and maps, the contract's rules written out the obvious way, no SQL.
import type { Metrics, Task } from './task-api.js';

export const USERS = 3;
/** One-word titles, and description words: distinct English stems, no stop words. */
export const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
export const TAGS = ['home', 'work', 'urgent', 'x'] as const;
/** Far from now either way, so "overdue" never depends on when the test runs. */
export const DUE_DATES = ['2020-01-01T00:00:00Z', '2020-01-01T02:00:00+02:00', '2021-06-15T12:30:00.000Z', '2999-01-01T00:00:00Z'] as const;
export const DUE_BEFORE = '2500-01-01T00:00:00.000Z';
const RANK = { High: 0, Medium: 1, Low: 2 } as const;
type Priority = keyof typeof RANK;

export interface ModelTask {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  is_completed: boolean;
  priority: Priority;
  due_date: string | null;
  tags: string[];
  version: number;
  /** Observed from responses; only used to order created_at / updated_at sorts. */
  created_at: string;
  updated_at: string;
}

/** A request body's fields, as sent. */
export interface Fields {
  title?: string;
  description?: string | null;
  is_completed?: boolean;
  priority?: string;
  due_date?: string | null;
  tags?: string[];
}

export interface ListQuery {
  status?: 'pending' | 'completed';
  priority?: string[];
  tag?: string[];
  q?: string;
  overdue?: boolean;
  due_before?: string;
  sort: string;
  limit?: number;
}

const capitalise = (priority: string) => (priority[0]!.toUpperCase() + priority.slice(1).toLowerCase()) as Priority;

/** What the service should store for the fields sent: trimmed, canonical, de-duplicated. */
export function normalise(fields: Fields): Partial<ModelTask> {
  const out: Partial<ModelTask> = {};
  if (fields.title !== undefined) out.title = fields.title.trim();
  if (fields.description !== undefined) out.description = fields.description;
  if (fields.is_completed !== undefined) out.is_completed = fields.is_completed;
  if (fields.priority !== undefined) out.priority = capitalise(fields.priority);
  if (fields.due_date !== undefined) out.due_date = fields.due_date === null ? null : new Date(fields.due_date).toISOString();
  if (fields.tags !== undefined) out.tags = [...new Set(fields.tags)];
  return out;
}

export const DEFAULTS = { description: null, is_completed: false, priority: 'Medium', due_date: null, tags: [] } as const;

/** The fields whose values the model predicts exactly. */
export function deterministic(task: Task | ModelTask) {
  const { id, user_id, title, description, is_completed, priority, due_date, tags, version } = task;
  return { id, user_id, title, description, is_completed, priority, due_date, tags, version };
}

const isOverdue = (task: ModelTask, now: number) => !task.is_completed && task.due_date !== null && Date.parse(task.due_date) < now;

function words(task: ModelTask): string[] {
  return `${task.title} ${task.description ?? ''}`.toLowerCase().split(/\s+/).filter((w) => w !== '');
}

function matches(task: ModelTask, query: ListQuery, now: number): boolean {
  if (query.status === 'pending' && task.is_completed) return false;
  if (query.status === 'completed' && !task.is_completed) return false;
  if (query.priority && !query.priority.map(capitalise).includes(task.priority)) return false;
  if (query.tag && !query.tag.every((tag) => task.tags.includes(tag))) return false;
  if (query.q !== undefined && !words(task).includes(query.q)) return false;
  if (query.overdue === true && !isOverdue(task, now)) return false;
  if (query.due_before !== undefined && (task.due_date === null || Date.parse(task.due_date) >= Date.parse(query.due_before))) return false;
  return true;
}

function sortValue(task: ModelTask, key: string): string | number | null {
  switch (key) {
    case 'priority': return RANK[task.priority];
    case 'due_date': return task.due_date === null ? null : Date.parse(task.due_date);
    case 'created_at': return Date.parse(task.created_at);
    case 'updated_at': return Date.parse(task.updated_at);
    default: return task.title;
  }
}

/** The first page's ids in order, and the count over all pages. */
export function expectedList(tasks: ModelTask[], query: ListQuery, now: number): { ids: string[]; count: number } {
  const descending = query.sort.startsWith('-');
  const key = descending ? query.sort.slice(1) : query.sort;
  const direction = descending ? -1 : 1;
  const matching = tasks.filter((task) => matches(task, query, now));
  matching.sort((a, b) => {
    const [va, vb] = [sortValue(a, key), sortValue(b, key)];
    if (va !== vb) {
      if (va === null) return 1; // no due date: last in both directions
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * direction;
    }
    return (a.id < b.id ? -1 : 1) * direction;
  });
  return { ids: matching.slice(0, query.limit ?? 100).map((task) => task.id), count: matching.length };
}

export function expectedMetrics(tasks: ModelTask[], now: number): Metrics {
  const count = (predicate: (task: ModelTask) => boolean) => tasks.filter(predicate).length;
  return {
    total: tasks.length,
    completed: count((task) => task.is_completed),
    pending: count((task) => !task.is_completed),
    overdue: count((task) => isOverdue(task, now)),
    high_priority: count((task) => task.priority === 'High'),
    medium_priority: count((task) => task.priority === 'Medium'),
    low_priority: count((task) => task.priority === 'Low'),
  };
}

export function queryString(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) params.append(name, String(one));
  }
  return params.toString();
}
