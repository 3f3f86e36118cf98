import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskMetricsDto } from '../../../src/tasks/tasks.schemas.js';
import { getMetrics } from '../api/tasks.js';

/**
 * The metrics bar's numbers for the list shown (none until it is known); `refresh` after every
 * change. Late answers never overwrite newer ones.
 */
export function useMetrics(report: (err: unknown) => void, listId: string | null) {
  const [metrics, setMetrics] = useState<TaskMetricsDto | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(
    (signal?: AbortSignal) => {
      const mine = ++seq.current;
      if (listId === null) return;
      getMetrics({ list_id: [listId] }, signal).then(
        (m) => {
          if (mine === seq.current) setMetrics(m);
        },
        (err: unknown) => {
          if (!signal?.aborted && mine === seq.current) report(err);
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

  return { metrics, refresh: useCallback(() => refresh(), [refresh]) };
}
