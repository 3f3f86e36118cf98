import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/tasks.js';
import { AddTaskForm } from './AddTaskForm.js';
import { ErrorAlert, toProblem, type Problem } from './ErrorAlert.js';
import { FilterBar } from './FilterBar.js';
import { MetricsBar } from './MetricsBar.js';
import { TaskList } from './TaskList.js';
import { defaultFilters, filtersToQuery, isFiltering, type TaskFilters } from './taskFilters.js';
import { useDebouncedValue } from './useDebouncedValue.js';
import { useMetrics } from './useMetrics.js';
import { useTaskActions } from './useTaskActions.js';
import { useTaskList } from './useTaskList.js';

const TYPING_DELAY_MS = 300;

export function TasksPage({ onSessionEnded }: { onSessionEnded: () => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [filters, setFilters] = useState<TaskFilters>(defaultFilters);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const sessionEnded = useRef(onSessionEnded);
  useLayoutEffect(() => {
    sessionEnded.current = onSessionEnded;
  });

  const report = useCallback((err: unknown) => {
    // A 401 means the session is gone (signed out elsewhere, expired): back to the sign-in form.
    if (err instanceof ApiError && err.status === 401) sessionEnded.current();
    setProblem(toProblem(err));
  }, []);

  // Typing waits for a pause; choosing from a select applies at once.
  const q = useDebouncedValue(filters.q, TYPING_DELAY_MS);
  const tags = useDebouncedValue(filters.tags, TYPING_DELAY_MS);
  const { status, priority, sort } = filters;
  const applied = useMemo(() => ({ q, tags, status, priority, sort }), [q, tags, status, priority, sort]);
  const query = useMemo(() => filtersToQuery(applied), [applied]);

  const { metrics, refresh: refreshMetrics } = useMetrics(report);
  const list = useTaskList(query, report);
  const actions = useTaskActions(list, { onBegin: () => setProblem(null), onSettled: refreshMetrics, report });

  const updateFilters = useCallback((update: Partial<TaskFilters>) => setFilters((f) => ({ ...f, ...update })), []);
  const clearFilters = useCallback(() => setFilters((f) => ({ ...defaultFilters, sort: f.sort })), []);
  const filtering = isFiltering(applied);
  const shown = list.items.length;

  return (
    <main className="page">
      <h1 className="visually-hidden">Your tasks</h1>
      <MetricsBar metrics={metrics} />
      {problem && <ErrorAlert problem={problem} onDismiss={() => setProblem(null)} />}
      <AddTaskForm onAdd={actions.add} />
      <section className="card list-card" aria-labelledby="task-list-heading">
        <div className="list-head">
          <h2 id="task-list-heading" ref={headingRef} tabIndex={-1}>
            Task list
          </h2>
          <p className="count" role="status">
            {list.count === 1 ? '1 task' : `${list.count} tasks`}
            {shown < list.count && ` (showing ${shown})`}
          </p>
        </div>
        <FilterBar filters={filters} onChange={updateFilters} onClear={clearFilters} canClear={isFiltering(filters)} />
        <TaskList
          list={list}
          actions={actions}
          filtering={filtering}
          onClearFilters={clearFilters}
          onTagClick={(tag) => updateFilters({ tags: tag })}
          onDeleted={() => headingRef.current?.focus()}
        />
      </section>
    </main>
  );
}
