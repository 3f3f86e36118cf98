// The page's live connection: one EventSource on /api/me/events that tells the page which kinds of
// data went stale. The page refetches rather than applying events: a refetch cannot apply a change
// wrongly or out of order, and a burst of events costs one fetch. Every (re)open counts as "all
// stale", since changes may have been missed while the stream was away.
//
// EventSource reconnects by itself (with Last-Event-ID) when a stream ends or the network fails,
// but not after an HTTP refusal (401, 410, 429, 503): then it is CLOSED and this hook opens a new
// one after a backoff. It also opens a new one when the browser goes offline and back, or wakes
// from sleep: a connection that silently died then would otherwise look open for minutes.
//
// The same stream carries reminders (`event: reminder`): those are passed on as they come, one by
// one, since each is something to tell the person rather than data to refetch.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export type ChangeKind = 'task' | 'list';
export type StaleKinds = ReadonlySet<ChangeKind>;

/** A reminder that fired: `late` when it fired after its time (the service was down then). */
export interface ReminderEvent {
  task_id: string;
  title: string;
  due_date: string | null;
  late: boolean;
}

export interface LiveUpdates {
  /** True once updates have stopped for long enough to say so (at once when the browser is offline). */
  offline: boolean;
}

const STREAM_URL = '/api/me/events';
const ALL: StaleKinds = new Set<ChangeKind>(['task', 'list']);
/** A bulk change arrives as a burst of events; each burst is one refetch. */
const COALESCE_MS = 120;
/** The server ends streams now and then and the browser is back within about 2 s (retry: 2000): no need to say anything about that. */
const QUIET_GAP_MS = 3000;
/** After a refusal: 1 s doubling to 30 s, jittered so many tabs do not all return at once. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** A timer this much later than asked means the machine slept (or the tab was frozen). */
const WAKE_CHECK_MS = 5000;
const SLEPT_AFTER_MS = 15_000;

function kindOf(data: unknown): ChangeKind | null {
  if (typeof data !== 'string') return null;
  try {
    const kind: unknown = (JSON.parse(data) as { kind?: unknown }).kind;
    return kind === 'task' || kind === 'list' ? kind : null;
  } catch {
    return null;
  }
}

function reminderOf(data: unknown): ReminderEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const { task_id, title, due_date, late } = JSON.parse(data) as Record<string, unknown>;
    if (typeof task_id !== 'string' || typeof title !== 'string') return null;
    return { task_id, title, due_date: typeof due_date === 'string' ? due_date : null, late: late === true };
  } catch {
    return null;
  }
}

/**
 * `onStale` gets, at most once per burst, the kinds of data that changed elsewhere (or here, echoed
 * back), and `onReminder` each reminder as it fires. While `enabled` is false (signing out) there is
 * no stream and no refetch.
 */
export function useLiveUpdates(onStale: (kinds: StaleKinds) => void, enabled = true, onReminder?: (reminder: ReminderEvent) => void): LiveUpdates {
  const [offline, setOffline] = useState(false);
  const staleRef = useRef(onStale);
  const reminderRef = useRef(onReminder);
  useLayoutEffect(() => {
    staleRef.current = onStale;
    reminderRef.current = onReminder;
  });

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let refusals = 0;
    let retryTimer: number | undefined;
    let flushTimer: number | undefined;
    let gapTimer: number | undefined;
    let pending = new Set<ChangeKind>();

    function stale(kinds: Iterable<ChangeKind>) {
      for (const kind of kinds) pending.add(kind);
      flushTimer ??= window.setTimeout(() => {
        flushTimer = undefined;
        const due = pending;
        pending = new Set();
        // Offline the refetch could only fail; coming back online reconnects, and that refetches all.
        if (navigator.onLine) staleRef.current(due);
      }, COALESCE_MS);
    }

    function down(certain: boolean) {
      if (certain || !navigator.onLine) {
        window.clearTimeout(gapTimer);
        gapTimer = undefined;
        setOffline(true);
      } else {
        gapTimer ??= window.setTimeout(() => setOffline(true), QUIET_GAP_MS);
      }
    }

    function up() {
      window.clearTimeout(gapTimer);
      gapTimer = undefined;
      setOffline(false);
    }

    function retryLater() {
      window.clearTimeout(retryTimer);
      const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(refusals, 5));
      refusals += 1;
      retryTimer = window.setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
    }

    function connect() {
      window.clearTimeout(retryTimer);
      retryTimer = undefined;
      source?.close();
      const es = new EventSource(STREAM_URL);
      source = es;
      es.onopen = () => {
        refusals = 0;
        up();
        stale(ALL);
      };
      es.addEventListener('change', (event) => {
        const kind = kindOf(event.data);
        stale(kind === null ? ALL : [kind]);
      });
      es.addEventListener('reminder', (event) => {
        const reminder = reminderOf(event.data);
        if (reminder) reminderRef.current?.(reminder);
      });
      es.onerror = () => {
        if (es !== source) return;
        down(false);
        // Still CONNECTING: the browser is already trying again, and will resume where it left off.
        if (es.readyState !== EventSource.CLOSED) return;
        // Refused: the page may have missed changes, and refetching is also how it learns of a 401
        // (its usual handling then signs out, which closes this stream for good).
        stale(ALL);
        retryLater();
      };
    }

    function wentOffline() {
      // The old connection may linger half-open through the outage: start afresh.
      source?.close();
      source = null;
      down(true);
      retryLater();
    }

    let lastTick = Date.now();
    let wokeHidden = false;
    const wakeCheck = window.setInterval(() => {
      const now = Date.now();
      if (now - lastTick > SLEPT_AFTER_MS) {
        // Hidden tabs' timers are throttled to once a minute, which looks like sleep: check once visible.
        if (document.hidden) wokeHidden = true;
        else connect();
      }
      lastTick = now;
    }, WAKE_CHECK_MS);
    function onVisible() {
      if (document.hidden || !wokeHidden) return;
      wokeHidden = false;
      connect();
    }

    window.addEventListener('offline', wentOffline);
    window.addEventListener('online', connect);
    document.addEventListener('visibilitychange', onVisible);
    connect();
    return () => {
      window.removeEventListener('offline', wentOffline);
      window.removeEventListener('online', connect);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(wakeCheck);
      window.clearTimeout(retryTimer);
      window.clearTimeout(flushTimer);
      window.clearTimeout(gapTimer);
      source?.close();
    };
  }, [enabled]);

  return { offline: enabled && offline };
}
