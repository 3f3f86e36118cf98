// Database row → wire shape (ISO times; the row's keys are already the wire's names).
import type { TaskRecord } from './tasks.repository.js';
import type { TaskDto } from './tasks.schemas.js';

export function toTaskDto(task: TaskRecord): TaskDto {
  return {
    id: task.id,
    user_id: task.user_id,
    title: task.title,
    description: task.description,
    is_completed: task.is_completed,
    priority: task.priority,
    due_date: task.due_date === null ? null : task.due_date.toISOString(),
    tags: task.tags,
    created_at: task.created_at.toISOString(),
    updated_at: task.updated_at.toISOString(),
    completed_at: task.completed_at === null ? null : task.completed_at.toISOString(),
    version: task.version,
    list_id: task.list_id,
    parent_id: task.parent_id,
    position: task.position,
    recurrence: task.recurrence,
    time_zone: task.time_zone,
    reminders: task.reminders,
    last_completed_at: task.last_completed_at === null ? null : task.last_completed_at.toISOString(),
  };
}
