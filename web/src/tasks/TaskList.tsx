import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { TaskItem } from './TaskItem.js';
import type { TaskActions } from './useTaskActions.js';
import { isUnsaved } from './useTaskActions.js';
import type { TaskListApi } from './useTaskList.js';
import { useNow } from './useNow.js';

/** How late a task may be marked overdue after its due time passes. */
const CLOCK_TICK_MS = 60_000;

interface Props {
  list: TaskListApi;
  actions: TaskActions;
  filtering: boolean;
  onClearFilters: () => void;
  onTagClick: (tag: string) => void;
  onDeleted: () => void;
}

export function TaskList({ list, actions, filtering, onClearFilters, onTagClick, onDeleted }: Props) {
  const { items, loading, failed } = list;
  const now = useNow(CLOCK_TICK_MS);

  if (items.length === 0) {
    if (failed) {
      return (
        <div className="empty">
          <p>Your tasks could not be loaded.</p>
          <button type="button" onClick={list.retry}>
            Try again
          </button>
        </div>
      );
    }
    if (loading) return <p className="empty" role="status">Loading tasks…</p>;
    return filtering ? (
      <div className="empty">
        <p>No tasks match your filters.</p>
        <button type="button" onClick={onClearFilters}>
          Show all tasks
        </button>
      </div>
    ) : (
      <p className="empty">No tasks yet — add your first task above.</p>
    );
  }

  function remove(task: TaskDto) {
    onDeleted();
    void actions.remove(task);
  }

  return (
    <>
      <ul className={loading ? 'task-list stale' : 'task-list'} aria-busy={loading || undefined}>
        {items.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            saving={isUnsaved(task)}
            now={now}
            onToggle={(t) => void actions.toggle(t)}
            onSave={actions.edit}
            onDelete={remove}
            onTagClick={onTagClick}
          />
        ))}
      </ul>
      {list.hasMore && (
        <div className="load-more">
          <button type="button" onClick={list.loadMore} disabled={list.loadingMore} aria-busy={list.loadingMore || undefined}>
            Load more
          </button>
        </div>
      )}
    </>
  );
}
