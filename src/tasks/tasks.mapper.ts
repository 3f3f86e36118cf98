// Database record → wire shape (snake_case fields, ISO times).
import type { TaskRecord } from './tasks.repository.js';
import type { TaskDto } from './tasks.schemas.js';
import type { Priority } from './tasks.limits.js';

export function toTaskDto(task: TaskRecord): TaskDto {
  return {
    id: task.id,
    user_id: task.userId,
    title: task.title,
    description: task.description,
    is_completed: task.isCompleted,
    priority: task.priority as Priority,
    due_date: task.dueDate?.toISOString() ?? null,
    tags: task.tags,
    created_at: task.createdAt.toISOString(),
    updated_at: task.updatedAt.toISOString(),
    completed_at: task.completedAt?.toISOString() ?? null,
    version: task.version,
  };
}
