import { TaskTree, type TaskTools } from './TaskTree.js';
import type { TaskListApi } from './useTaskList.js';

interface Props {
  list: TaskListApi;
  tools: TaskTools;
  filtering: boolean;
  onClearFilters: () => void;
}

export function TaskList({ list, tools, filtering, onClearFilters }: Props) {
  const { items, loading, failed } = list;

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

  return (
    <>
      <TaskTree items={items} tools={tools} loading={loading} />
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
