// The visible list: the first page for the current query, "load more" pages after it, and the
// small edits optimistic updates make to it. While changes are in flight the server's answers
// for the whole list are held back, and once the last one settles the loaded range is fetched
// again, so the list ends up in the server's order with the server's filters applied. A null query
// (the list to show is not known yet) fetches nothing.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ListQueryParams, TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { PAGE_LIMITS } from '../../../src/limits.js';
import { listTasks } from '../api/tasks.js';
import { placed, type Placement } from '../order/placement.js';

// Subtasks arrive after their parents (sort=position): one page holds a whole list, so no subtree is
// cut off from its parent by a page boundary.
const PAGE_SIZE = PAGE_LIMITS.max;

interface ListState {
  items: TaskDto[];
  count: number;
  nextCursor: string | null;
  /** The query these items answer; differs from the current one while a new query loads. */
  query: ListQueryParams | null;
}

const initial: ListState = { items: [], count: 0, nextCursor: null, query: null };

export interface TaskListApi {
  items: TaskDto[];
  count: number;
  hasMore: boolean;
  /** True until the first answer for the current query has arrived. */
  loading: boolean;
  loadingMore: boolean;
  failed: boolean;
  loadMore: () => void;
  /** Fetches the current query again (after a failed load). */
  retry: () => void;
  /**
   * Fetches the list again for a change made elsewhere, keeping what is shown until the answer
   * comes. Skipped while this page's own changes are in flight: an answer could predate them, and
   * the last one to settle fetches the list anyway.
   */
  refresh: (onError: (err: unknown) => void) => void;
  insertItem: (task: TaskDto, index?: number) => void;
  /** Takes the item out and puts `task` in its place before or after another item, or at an index. */
  placeItem: (id: string, task: TaskDto, at: Placement | { index: number }) => void;
  /** Replaces an item if it is still listed. Server answers older than what is shown are ignored. */
  replaceItem: (id: string, task: TaskDto, opts?: { force?: boolean }) => void;
  removeItem: (id: string) => void;
  /** Call around every change: holds back list reloads, then reconciles once all have settled. */
  beginChange: () => () => void;
}

export function useTaskList(query: ListQueryParams | null, report: (err: unknown) => void): TaskListApi {
  const [state, setState] = useState<ListState>(initial);
  const [loadingMore, setLoadingMore] = useState(false);
  const [failedQuery, setFailedQuery] = useState<ListQueryParams | null>(null);

  const queryRef = useRef(query);
  const shownQuery = useRef(state.query);
  const loadedCount = useRef(0);
  useLayoutEffect(() => {
    queryRef.current = query;
    shownQuery.current = state.query;
    loadedCount.current = state.items.length;
  });

  // Only the latest whole-list request may replace the list, and a reconcile only if no change
  // began after it was sent (its answer could predate that change).
  const replaceSeq = useRef(0);
  const changeEpoch = useRef(0);
  const changesInFlight = useRef(0);

  useEffect(() => {
    const seq = ++replaceSeq.current;
    if (query === null) return;
    const controller = new AbortController();
    listTasks({ ...query, limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        if (seq !== replaceSeq.current) return;
        setState({ items: page.items, count: page.count, nextCursor: page.next_cursor, query });
      },
      (err: unknown) => {
        if (controller.signal.aborted || seq !== replaceSeq.current) return;
        setFailedQuery(query);
        report(err);
      },
    );
    return () => controller.abort();
  }, [query, report]);

  const reconcile = useCallback((onError?: (err: unknown) => void) => {
    const seq = ++replaceSeq.current;
    const epoch = changeEpoch.current;
    const current = queryRef.current;
    if (current === null) return;
    const limit = Math.min(PAGE_LIMITS.max, Math.max(PAGE_SIZE, loadedCount.current));
    listTasks({ ...current, limit }).then(
      (page) => {
        if (seq !== replaceSeq.current || epoch !== changeEpoch.current) return;
        setState({ items: page.items, count: page.count, nextCursor: page.next_cursor, query: current });
      },
      // After a change, the change itself succeeded or was already reported; a failed refresh
      // only leaves the optimistic view in place until the next one.
      (err: unknown) => {
        // It superseded the first load for this query: without this the list would look loading for ever.
        if (seq === replaceSeq.current && shownQuery.current !== current) setFailedQuery(current);
        onError?.(err);
      },
    );
  }, []);

  const beginChange = useCallback(() => {
    changesInFlight.current += 1;
    changeEpoch.current += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      changesInFlight.current -= 1;
      if (changesInFlight.current === 0) reconcile();
    };
  }, [reconcile]);

  const refresh = useCallback(
    (onError: (err: unknown) => void) => {
      if (changesInFlight.current === 0) reconcile(onError);
    },
    [reconcile],
  );

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    const current = queryRef.current;
    if (cursor === null || current === null || loadingMore) return;
    const seq = replaceSeq.current;
    setLoadingMore(true);
    listTasks({ ...current, limit: PAGE_SIZE, cursor })
      .then(
        (page) => {
          if (seq !== replaceSeq.current) return;
          setState((s) => {
            const seen = new Set(s.items.map((t) => t.id));
            return { ...s, items: [...s.items, ...page.items.filter((t) => !seen.has(t.id))], count: page.count, nextCursor: page.next_cursor };
          });
        },
        report,
      )
      .finally(() => setLoadingMore(false));
  }, [state.nextCursor, loadingMore, report]);

  const insertItem = useCallback((task: TaskDto, index = 0) => {
    setState((s) => {
      const items = [...s.items];
      items.splice(Math.min(index, items.length), 0, task);
      return { ...s, items, count: s.count + 1 };
    });
  }, []);

  const placeItem = useCallback((id: string, task: TaskDto, at: Placement | { index: number }) => {
    setState((s) => (s.items.some((t) => t.id === id) ? { ...s, items: placed(s.items, id, task, at) } : s));
  }, []);

  const replaceItem = useCallback((id: string, task: TaskDto, opts?: { force?: boolean }) => {
    setState((s) => {
      const at = s.items.findIndex((t) => t.id === id);
      const current = s.items[at];
      if (current === undefined || (!opts?.force && task.version < current.version)) return s;
      const items = [...s.items];
      items[at] = task;
      return { ...s, items };
    });
  }, []);

  const removeItem = useCallback((id: string) => {
    setState((s) => {
      if (!s.items.some((t) => t.id === id)) return s;
      return { ...s, items: s.items.filter((t) => t.id !== id), count: Math.max(0, s.count - 1) };
    });
  }, []);

  return {
    items: state.items,
    count: state.count,
    hasMore: state.nextCursor !== null,
    loading: state.query !== query && failedQuery !== query,
    loadingMore,
    failed: failedQuery === query && state.query !== query,
    loadMore,
    retry: () => reconcile(report),
    refresh,
    insertItem,
    placeItem,
    replaceItem,
    removeItem,
    beginChange,
  };
}
