// The user's lists for the sidebar: loaded once, refreshed after task changes (their counts), and
// created, renamed, recoloured, reordered and deleted optimistically with rollback, as tasks are. While a list
// change is in flight, refreshes are held back; the last change to settle fetches the lists again.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListCreateBody, ListDto } from '../../../src/lists/lists.schemas.js';
import { createList, deleteList, listLists, placeList, updateList } from '../api/lists.js';
import { ApiError } from '../api/request.js';
import { placed, type Placement } from '../order/placement.js';
import { useOptimisticRun } from '../tasks/useOptimisticRun.js';

export type ListEdit = { name?: string; color?: string | null };

export interface ListsApi {
  /** null until the first answer. */
  lists: ListDto[] | null;
  failed: boolean;
  retry: () => void;
  /**
   * Fetches the lists again (their counts change with every task change); skipped while a list
   * change is in flight, as the last one to settle fetches them. With `onError`, a failure goes
   * there instead of being reported (a background refresh keeps what is shown).
   */
  refresh: (onError?: (err: unknown) => void) => void;
  create: (body: ListCreateBody) => Promise<ListDto | null>;
  update: (list: ListDto, edit: ListEdit) => Promise<boolean>;
  /** Puts the list before or after another one; the Inbox stays first. */
  place: (list: ListDto, placement: Placement) => Promise<boolean>;
  remove: (list: ListDto) => Promise<boolean>;
}

const nothing = () => {};
const sameOrder = (a: readonly ListDto[], b: readonly ListDto[]) => a.every((list, i) => list.id === b[i]?.id);

export const isUnsavedList = (list: ListDto) => list.id.startsWith('unsaved-');

export function useLists(report: (err: unknown) => void): ListsApi {
  const [lists, setLists] = useState<ListDto[] | null>(null);
  const [failed, setFailed] = useState(false);
  const seq = useRef(0);
  const epoch = useRef(0);
  const inFlight = useRef(0);
  const nextTemp = useRef(0);

  const load = useCallback(
    (signal?: AbortSignal, onError?: (err: unknown) => void) => {
      const mine = ++seq.current;
      const since = epoch.current;
      listLists(signal).then(
        ({ items }) => {
          // An answer sent before a change began may predate it: the change's own refresh follows.
          if (mine !== seq.current || since !== epoch.current) return;
          setLists(items);
          setFailed(false);
        },
        (err: unknown) => {
          if (signal?.aborted || mine !== seq.current) return;
          if (onError) {
            onError(err);
            return;
          }
          setFailed(true);
          report(err);
        },
      );
    },
    [report],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const refresh = useCallback(
    (onError?: (err: unknown) => void) => {
      if (inFlight.current === 0) load(undefined, onError);
    },
    [load],
  );

  // Counted so refreshes wait for every change in flight; the last to settle fetches the lists again.
  const beginChange = useCallback(() => {
    inFlight.current += 1;
    epoch.current += 1;
    return () => {
      inFlight.current -= 1;
    };
  }, []);
  const run = useOptimisticRun(beginChange, { onBegin: nothing, onSettled: refresh, report });

  const replace = (id: string, list: ListDto) => setLists((ls) => ls?.map((l) => (l.id === id ? list : l)) ?? ls);
  const drop = (id: string) => setLists((ls) => ls?.filter((l) => l.id !== id) ?? ls);

  const create = useCallback(
    async (body: ListCreateBody) => {
      const now = new Date().toISOString();
      const temp: ListDto = {
        id: `unsaved-list-${++nextTemp.current}`,
        user_id: '',
        name: body.name,
        color: body.color ?? null,
        is_inbox: false,
        position: '',
        open_count: 0,
        task_count: 0,
        version: 0,
        created_at: now,
        updated_at: now,
      };
      let created: ListDto | null = null;
      await run(
        () => setLists((ls) => (ls ? [...ls, temp] : ls)),
        async () => {
          created = await createList(body);
          replace(temp.id, created);
        },
        () => drop(temp.id),
      );
      return created;
    },
    [run],
  );

  const update = useCallback(
    (list: ListDto, edit: ListEdit) => {
      const patch = { ...edit };
      if (patch.name === list.name) delete patch.name;
      if (patch.color === list.color) delete patch.color;
      if (Object.keys(patch).length === 0) return Promise.resolve(true);
      return run(
        () => replace(list.id, { ...list, ...patch }),
        async () => replace(list.id, await updateList(list, patch)),
        () => replace(list.id, list),
      );
    },
    [run],
  );

  const place = useCallback(
    (list: ListDto, placement: Placement) => {
      const before = lists ?? [];
      const index = before.findIndex((l) => l.id === list.id);
      // Dropped where it already is: nothing to send.
      if (index < 0 || sameOrder(before, placed(before, list.id, list, placement))) return Promise.resolve(true);
      return run(
        () => setLists((ls) => ls && placed(ls, list.id, list, placement)),
        async () => replace(list.id, await placeList(list.id, placement)),
        // Back where it was, unless it has gone meanwhile (deleted in another tab).
        () => setLists((ls) => (ls?.some((l) => l.id === list.id) ? placed(ls, list.id, list, { index }) : ls)),
      );
    },
    [run, lists],
  );

  const remove = useCallback(
    (list: ListDto) => {
      const index = lists?.findIndex((l) => l.id === list.id) ?? -1;
      return run(
        () => drop(list.id),
        async () => {
          try {
            await deleteList(list.id);
          } catch (err) {
            // Already gone (deleted in another tab): what the user asked for has happened.
            if (!(err instanceof ApiError && err.status === 404)) throw err;
          }
        },
        () =>
          setLists((ls) => {
            if (!ls || ls.some((l) => l.id === list.id)) return ls;
            const next = [...ls];
            next.splice(index < 0 ? next.length : index, 0, list);
            return next;
          }),
      );
    },
    [run, lists],
  );

  return { lists, failed, retry: () => load(), refresh, create, update, place, remove };
}
