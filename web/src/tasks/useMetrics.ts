import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskMetricsDto } from '../../../src/tasks/tasks.schemas.js';
import { getMetrics } from '../api/tasks.js';

/**
 * The metrics bar's numbers for the list shown (none until it is known); `refresh` after every
 * change (with `onError`, a failure goes there instead of being reported). Late answers never
 * overwrite newer ones.
 */
export function useMetrics(report: (err: unknown) => void, listId: string | null) {
  const [metrics, setMetrics] = useState<TaskMetricsDto | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(
    (signal?: AbortSignal, onError: (err: unknown) => void = report) => {
      const mine = ++seq.current;
      if (listId === null) return;
      getMetrics({ list_id: [listId] }, signal).then(
        (m) => {
          if (mine === seq.current) setMetrics(m);
        },
        (err: unknown) => {
          if (!signal?.aborted && mine === seq.current) onError(err);
        },
      );
    },
    [report, listId],
  );

  useEffect(() => {
    const controller = new AbortController();
    refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  return { metrics, refresh: useCallback((onError?: (err: unknown) => void) => refresh(undefined, onError), [refresh]) };
}
