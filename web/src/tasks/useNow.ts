import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`. What is derived from the clock at render (a task
 * turning overdue) follows it without waiting for some other change to re-render the page.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
