// Database row → wire shape.
import type { ListRecord } from './lists.repository.js';
import type { ListDto } from './lists.schemas.js';

export function toListDto(list: ListRecord): ListDto {
  return {
    id: list.id,
    user_id: list.user_id,
    name: list.name,
    color: list.color,
    is_inbox: list.is_inbox,
    position: list.position,
    open_count: list.open_count,
    task_count: list.task_count,
    version: list.version,
    created_at: list.created_at.toISOString(),
    updated_at: list.updated_at.toISOString(),
  };
}
