// What a delivery's `data` is: for task events the Task as the API shows it (the queue holds
// the row as the trigger saw it, to_jsonb, so times are strings there); for reminders the same
// fields as the event stream's `event: reminder`.
import { toTaskDto } from '../tasks/tasks.mapper.js';
import type { TaskRecord } from '../tasks/tasks.repository.js';
import type { WebhookEventName } from './webhooks.schemas.js';

const TIMES = ['due_date', 'created_at', 'updated_at', 'completed_at', 'last_completed_at'] as const;

const iso = (value: unknown) => (typeof value === 'string' ? new Date(value).toISOString() : null);

export function deliveryData(event: WebhookEventName, row: Record<string, unknown>): unknown {
  if (event === 'reminder') return { task_id: row.task_id, title: row.title, due_date: iso(row.due_date), late: row.late };
  const record = { ...row } as Record<string, unknown>;
  for (const column of TIMES) record[column] = typeof row[column] === 'string' ? new Date(row[column]) : null;
  return toTaskDto(record as unknown as TaskRecord);
}
