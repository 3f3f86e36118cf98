import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import type { ListQueryParams, TaskCreateBody, TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { ApiError } from '../api/tasks.js';
import { ListSidebar, SIDEBAR_ID } from '../lists/ListSidebar.js';
import { isUnsavedList, useLists } from '../lists/useLists.js';
import { ReminderToasts } from '../reminders/ReminderToasts.js';
import { useReminderAlerts } from '../reminders/useReminderAlerts.js';
import { ConnectionStatus } from '../sync/ConnectionStatus.js';
import { useLiveUpdates, type StaleKinds } from '../sync/useLiveUpdates.js';
import { AddTaskForm } from './AddTaskForm.js';
import { ErrorAlert, toProblem, type Problem } from './ErrorAlert.js';
import { FilterBar } from './FilterBar.js';
import { MetricsBar } from './MetricsBar.js';
import { TaskList } from './TaskList.js';
import type { TaskTools } from './TaskTree.js';
import { MANUAL_ORDER, defaultFilters, filtersToQuery, isFiltering, type TaskFilters } from './taskFilters.js';
import { useDebouncedValue } from './useDebouncedValue.js';
import { useMetrics } from './useMetrics.js';
import { useNow } from './useNow.js';
import { useTaskActions } from './useTaskActions.js';
import { useTaskDrag } from './useTaskDrag.js';
import { useTaskList } from './useTaskList.js';
import { useTaskMoves } from './useTaskMoves.js';
import { useTaskSpotlight } from './useTaskSpotlight.js';

const TYPING_DELAY_MS = 300;
/** How late a task may be marked overdue after its due time passes. */
const CLOCK_TICK_MS = 60_000;

interface Props {
  onSessionEnded: () => void;
  /** Background fetches stop meanwhile: they would only meet a 401. */
  signingOut: boolean;
  /** The account's time zone: new tasks repeat in it. */
  timeZone: string;
}

export function TasksPage({ onSessionEnded, signingOut, timeZone }: Props) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [filters, setFilters] = useState<TaskFilters>(defaultFilters);
  const [chosenListId, setChosenListId] = useState<string | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const drawerToggle = useRef<HTMLButtonElement>(null);
  const now = useNow(CLOCK_TICK_MS);

  const sessionEnded = useRef(onSessionEnded);
  useLayoutEffect(() => {
    sessionEnded.current = onSessionEnded;
  });

  const report = useCallback((err: unknown) => {
    // A 401 means the session is gone (signed out elsewhere, expired): back to the sign-in form.
    if (err instanceof ApiError && err.status === 401) sessionEnded.current();
    setProblem(toProblem(err));
  }, []);

  const lists = useLists(report);
  // The chosen list while it exists, else the Inbox (also after the chosen one is deleted).
  const saved = lists.lists?.filter((l) => !isUnsavedList(l)) ?? [];
  const shown = saved.find((l) => l.id === chosenListId) ?? saved.find((l) => l.is_inbox) ?? null;
  const listId = shown?.id ?? null;

  // Typing waits for a pause; choosing from a select applies at once.
  const q = useDebouncedValue(filters.q, TYPING_DELAY_MS);
  const tags = useDebouncedValue(filters.tags, TYPING_DELAY_MS);
  const { status, priority, sort } = filters;
  const applied = useMemo(() => ({ q, tags, status, priority, sort }), [q, tags, status, priority, sort]);
  const query = useMemo<ListQueryParams | null>(() => (listId === null ? null : { ...filtersToQuery(applied), list_id: [listId] }), [applied, listId]);

  const { metrics, refresh: refreshMetrics } = useMetrics(report, listId);
  const refreshLists = lists.refresh;
  // Every task change can change the lists' counts as well as the metrics.
  const onSettled = useCallback(() => {
    refreshMetrics();
    refreshLists();
  }, [refreshMetrics, refreshLists]);
  const list = useTaskList(query, report);
  const refreshTasks = list.refresh;

  // Changes made elsewhere (and this tab's own, echoed back) are fetched again in the background:
  // no spinner, no alert, what is shown stays until the answer replaces it. Only a 401 (signed out
  // elsewhere) goes to the usual handling; anything else waits for the next change or reconnect.
  const quietly = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) report(err);
    },
    [report],
  );
  const clearFilters = useCallback(() => setFilters((f) => ({ ...defaultFilters, sort: f.sort })), []);
  const spotlight = useTaskSpotlight({ list, showList: setChosenListId, clearFilters, report });
  const openTask = (taskId: string) => void spotlight.open(taskId);
  const reminders = useReminderAlerts(openTask);
  const live = useLiveUpdates(
    useCallback(
      (kinds: StaleKinds) => {
        refreshLists(quietly);
        if (!kinds.has('task')) return;
        refreshTasks(quietly);
        refreshMetrics(quietly);
      },
      [quietly, refreshLists, refreshTasks, refreshMetrics],
    ),
    !signingOut,
    reminders.announce,
  );
  const hooks = { onBegin: () => setProblem(null), onSettled, report };
  const actions = useTaskActions(list, hooks, timeZone);
  const moves = useTaskMoves(list, hooks);
  const drag = useTaskDrag();

  const updateFilters = useCallback((update: Partial<TaskFilters>) => setFilters((f) => ({ ...f, ...update })), []);
  const closeDrawer = useCallback(() => {
    setDrawerOpen(false);
    drawerToggle.current?.focus();
  }, []);
  const filtering = isFiltering(applied);
  const shownCount = list.items.length;

  function selectList(chosen: ListDto) {
    setChosenListId(chosen.id);
    if (drawerOpen) {
      setDrawerOpen(false);
      headingRef.current?.focus();
    }
  }

  function dropOnList(task: TaskDto, target: ListDto) {
    drag.end();
    void moves.toList(task, target.id);
  }

  // New tasks go to the list shown, at the end in manual order (where the server puts them).
  const addTask = (body: TaskCreateBody) => actions.add(listId === null ? body : { ...body, list_id: listId }, sort === MANUAL_ORDER ? 'end' : 'start');

  const tools: TaskTools = {
    now,
    actions,
    moves,
    drag,
    canReorder: sort === MANUAL_ORDER,
    destinations: saved.filter((l) => l.id !== listId),
    onTagClick: (tag) => updateFilters({ tags: tag }),
    onDelete: (task) => {
      headingRef.current?.focus();
      void actions.remove(task);
    },
    onLeft: () => headingRef.current?.focus(),
    spotlight: spotlight.target,
    onSpotlit: spotlight.done,
  };

  return (
    <div className="workspace">
      <ListSidebar
        lists={lists}
        selectedId={listId}
        onSelect={selectList}
        open={drawerOpen}
        onClose={closeDrawer}
        dragged={drag.dragged}
        onDropTask={dropOnList}
        onCreated={selectList}
      />
      <main className="page">
        <h1 className="visually-hidden">Your tasks</h1>
        <button ref={drawerToggle} type="button" className="drawer-toggle" aria-expanded={drawerOpen} aria-controls={SIDEBAR_ID} onClick={() => setDrawerOpen(true)}>
          <span aria-hidden="true">☰ </span>Lists
        </button>
        <MetricsBar metrics={metrics} />
        {problem && <ErrorAlert problem={problem} onDismiss={() => setProblem(null)} />}
        <AddTaskForm onAdd={addTask} timeZone={timeZone} />
        <section className="card list-card" aria-labelledby="task-list-heading">
          <div className="list-head">
            <h2 id="task-list-heading" ref={headingRef} tabIndex={-1}>
              {shown?.name ?? 'Tasks'}
            </h2>
            <p className="count" role="status">
              {list.count === 1 ? '1 task' : `${list.count} tasks`}
              {shownCount < list.count && ` (showing ${shownCount})`}
            </p>
          </div>
          <FilterBar filters={filters} onChange={updateFilters} onClear={clearFilters} canClear={isFiltering(filters)} />
          {query === null ? (
            <p className="empty" role="status">
              {lists.failed ? 'Your lists could not be loaded.' : 'Loading tasks…'}
            </p>
          ) : (
            <TaskList list={list} tools={tools} filtering={filtering} onClearFilters={clearFilters} />
          )}
        </section>
      </main>
      <ReminderToasts alerts={reminders} onOpen={openTask} />
      <ConnectionStatus offline={live.offline} />
    </div>
  );
}
