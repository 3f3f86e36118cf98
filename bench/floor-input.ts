// The floor's input checks: the contract's rules for the fields the benchmark sends, in plain
// code. A floor that skipped validation would flatter itself.
import type { ListQuery } from './floor-sql.js';

export class BadInput extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const invalid = (message: string) => new BadInput(422, 'VALIDATION_ERROR', message);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIORITIES = ['High', 'Medium', 'Low'];
const FIELDS = new Set(['title', 'description', 'is_completed', 'priority', 'due_date', 'tags']);

export interface TaskInput {
  title: string;
  description: string | null;
  isCompleted: boolean;
  priority: string;
  dueDate: string | null;
  tags: string[];
}

/** A create (replace=false) or PUT (replace=true) body: PUT requires description and is_completed. */
export function parseTaskBody(body: unknown, replace: boolean): TaskInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) throw invalid(`Unknown field ${key}.`);
  const title = typeof b.title === 'string' ? b.title.trim() : '';
  if (title === '' || [...title].length > 255) throw invalid('title: 1..255 characters.');
  if (replace && (!('description' in b) || !('is_completed' in b))) throw invalid('description and is_completed are required.');
  const description = b.description ?? null;
  if (description !== null && (typeof description !== 'string' || [...description].length > 2000)) throw invalid('description: up to 2000 characters.');
  const isCompleted = b.is_completed ?? false;
  if (typeof isCompleted !== 'boolean') throw invalid('is_completed: a boolean.');
  const priority = PRIORITIES.find((p) => typeof b.priority === 'string' && p.toLowerCase() === b.priority.toLowerCase()) ?? (b.priority === undefined ? 'Medium' : undefined);
  if (priority === undefined) throw invalid('priority: High, Medium or Low.');
  let dueDate: string | null = null;
  if (b.due_date !== undefined && b.due_date !== null) {
    const date = typeof b.due_date === 'string' ? new Date(b.due_date) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw invalid('due_date: an ISO-8601 time.');
    dueDate = date.toISOString();
  }
  const rawTags = b.tags ?? [];
  if (!Array.isArray(rawTags)) throw invalid('tags: an array.');
  const tags: string[] = [];
  for (const raw of rawTags) {
    const tag = typeof raw === 'string' ? raw.trim() : '';
    if (tag === '' || tag.includes(',') || [...tag].length > 50) throw invalid('tags: 1..50 characters, no commas.');
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > 20) throw invalid('tags: at most 20.');
  return { title, description: description as string | null, isCompleted, priority, dueDate, tags };
}

/** A reorder among siblings: after_id or before_id (the floor serves no list or parent change). */
export function parseMoveBody(body: unknown): { side: 'after' | 'before'; neighbourId: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key === 'list_id' || key === 'parent_id') throw new BadInput(400, 'VALIDATION_ERROR', `${key} (the floor serves reorders among siblings only)`);
    if (key !== 'after_id' && key !== 'before_id') throw invalid(`Unknown field ${key}.`);
  }
  if ((b.after_id === undefined) === (b.before_id === undefined)) throw invalid('Give after_id or before_id.');
  const side = b.after_id !== undefined ? 'after' : 'before';
  const neighbourId = b[`${side}_id`];
  if (typeof neighbourId !== 'string' || !UUID.test(neighbourId)) throw invalid(`${side}_id: a UUID.`);
  return { side, neighbourId: neighbourId.toLowerCase() };
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  const bad = (message: string) => new BadInput(400, 'VALIDATION_ERROR', message);
  const query: ListQuery = { status: 'all', tags: [], q: undefined, listIds: [], sort: '-created_at', limit: 100 };
  for (const [key, value] of params) {
    if (key === 'status') {
      if (value !== 'all' && value !== 'pending' && value !== 'completed') throw bad('status');
      query.status = value;
    } else if (key === 'tag') {
      if (!query.tags.includes(value.trim())) query.tags.push(value.trim());
    } else if (key === 'q') {
      query.q = value.trim() === '' ? undefined : value;
    } else if (key === 'list_id') {
      if (!UUID.test(value)) throw bad('list_id');
      if (!query.listIds.includes(value.toLowerCase())) query.listIds.push(value.toLowerCase());
      if (query.listIds.length > 100) throw bad('list_id: at most 100');
    } else if (key === 'sort') {
      if (value !== '-created_at' && value !== 'due_date' && value !== 'position') throw bad('sort (the floor serves -created_at, due_date and position)');
      query.sort = value;
    } else if (key === 'limit') {
      const limit = Number(value);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('limit');
      query.limit = limit;
    } else {
      throw bad(`unknown parameter ${key}`);
    }
  }
  return query;
}
