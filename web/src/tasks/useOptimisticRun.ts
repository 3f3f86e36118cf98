// The one shape every change the page makes takes (to its tasks and to its lists): show it at once,
// send it, and on refusal undo it and report why; in all cases let what is shown reconcile with the
// server and the counts refresh afterwards.
import { useCallback } from 'react';
import type { TaskListApi } from './useTaskList.js';

export interface ChangeHooks {
  /** A change starts (clears the last error, say). */
  onBegin: () => void;
  /** A change has succeeded or been rolled back (refresh the metrics and list counts, say). */
  onSettled: () => void;
  report: (err: unknown) => void;
}

export type OptimisticRun = (apply: () => void, send: () => Promise<void>, rollback: (err: unknown) => void) => Promise<boolean>;

export function useOptimisticRun(beginChange: TaskListApi['beginChange'], { onBegin, onSettled, report }: ChangeHooks): OptimisticRun {
  return useCallback(
    async (apply, send, rollback) => {
      const end = beginChange();
      onBegin();
      apply();
      try {
        await send();
        return true;
      } catch (err) {
        rollback(err);
        report(err);
        return false;
      } finally {
        end();
        onSettled();
      }
    },
    [beginChange, onBegin, onSettled, report],
  );
}
