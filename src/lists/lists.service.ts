// The rules of lists: names trimmed, colours in lower case, the Inbox always first and never
// deleted, a new list last, reordering between two neighbours, If-Match on every write. Every
// call is one transaction in its user's scope; the SQL is in the repository.
import type { Database } from '../db/client.js';
import { matches, parseEtagList } from '../etag.js';
import { conflict, MissingReferenceError, notFound, PositionTakenError, preconditionFailed, unprocessable } from '../errors.js';
import { authFailureError } from '../auth/auth-failures.js';
import { LIST_LIMITS } from '../limits.js';
import { keyBetween } from '../order-keys.js';
import { ListsRepository, type ListChanges, type ListRecord } from './lists.repository.js';
import type { ListCreateBody, ListPatchBody } from './lists.schemas.js';

const NOT_FOUND = 'List not found.';
const STALE = 'The list has changed since you read it (If-Match does not match).';
const ATTEMPTS = 5;

function nameOf(raw: string): string {
  const name = raw.trim();
  if (name === '') throw unprocessable('The request body is invalid.', [{ field: 'name', message: 'must not be blank' }]);
  return name;
}

const colorOf = (raw: string | null | undefined) => (typeof raw === 'string' ? raw.toLowerCase() : raw);

/** Versions an If-Match names (undefined: no header, or "*"). */
function expectedVersions(ifMatch: string | undefined): number[] | undefined {
  if (ifMatch === undefined) return undefined;
  const precondition = parseEtagList(ifMatch);
  return precondition.any ? undefined : precondition.versions;
}

/** Runs fn again when a concurrent writer took the position it picked (lists_user_position_key). */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof MissingReferenceError && error.reference === 'user') throw authFailureError('account_gone');
      if (!(error instanceof PositionTakenError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

export class ListsService {
  constructor(private readonly database: Database) {}

  private run<T>(userId: string, fn: (repo: ListsRepository) => Promise<T>): Promise<T> {
    return this.database.asUser(userId, (tx) => fn(new ListsRepository(tx)));
  }

  all(userId: string): Promise<ListRecord[]> {
    return retrying(() =>
      this.run(userId, async (repo) => {
        const lists = await repo.all(userId);
        if (lists[0]?.is_inbox) return lists;
        // Sign-up makes the Inbox; an account whose hook never ran gets it now.
        await repo.ensureInbox(userId);
        return repo.all(userId);
      }),
    );
  }

  async get(userId: string, id: string): Promise<ListRecord> {
    const list = await this.run(userId, (repo) => repo.find(userId, id));
    if (!list) throw notFound(NOT_FOUND);
    return list;
  }

  create(userId: string, body: ListCreateBody): Promise<ListRecord> {
    const name = nameOf(body.name);
    const color = colorOf(body.color) ?? null;
    return retrying(() =>
      this.run(userId, async (repo) => {
        const { last, n } = await repo.tail(userId);
        if (n >= LIST_LIMITS.listsMax) throw conflict(`You already have ${LIST_LIMITS.listsMax} lists, the most one account may keep.`);
        return repo.insert(userId, { name, color, position: keyBetween(last, null) });
      }),
    );
  }

  update(userId: string, id: string, body: ListPatchBody, ifMatch: string | undefined): Promise<ListRecord> {
    const changes: ListChanges = {};
    if (body.name !== undefined) changes.name = nameOf(body.name);
    if (body.color !== undefined) changes.color = colorOf(body.color);
    if (body.after_id !== undefined && body.before_id !== undefined) {
      throw unprocessable('Give after_id or before_id, not both.', [{ field: 'before_id', message: 'cannot be combined with after_id' }]);
    }
    const versions = expectedVersions(ifMatch);
    return retrying(() =>
      this.run(userId, async (repo) => {
        const current = await repo.find(userId, id);
        if (!current) throw notFound(NOT_FOUND);
        if (ifMatch !== undefined && !matches(parseEtagList(ifMatch), current.version)) throw preconditionFailed(STALE);
        const side = body.after_id !== undefined ? 'after' : body.before_id !== undefined ? 'before' : undefined;
        if (side !== undefined) changes.position = await this.positionBeside(repo, userId, current, side, (body.after_id ?? body.before_id)!.toLowerCase());
        // An empty PATCH changes nothing and keeps the version.
        if (Object.keys(changes).length === 0) return current;
        const updated = await repo.update(userId, id, changes, versions);
        if (!updated) throw preconditionFailed(STALE);
        return updated;
      }),
    );
  }

  /** The position right after (or before) another list; the Inbox stays first. */
  private async positionBeside(repo: ListsRepository, userId: string, list: ListRecord, side: 'after' | 'before', neighbourId: string): Promise<string> {
    const field = `${side}_id`;
    if (list.is_inbox) throw unprocessable('The Inbox stays first.', [{ field, message: 'the Inbox cannot be moved' }]);
    if (neighbourId === list.id) throw unprocessable('A list cannot be placed next to itself.', [{ field, message: 'is the list being moved' }]);
    const neighbour = await repo.neighbour(userId, neighbourId, side, list.id);
    if (!neighbour) throw notFound(NOT_FOUND);
    if (side === 'before' && neighbour.is_inbox) throw unprocessable('The Inbox stays first.', [{ field, message: 'nothing goes before the Inbox' }]);
    return side === 'after' ? keyBetween(neighbour.position, neighbour.beyond) : keyBetween(neighbour.beyond, neighbour.position);
  }

  /** Deletes a list and its tasks. The Inbox → 409. */
  async delete(userId: string, id: string, ifMatch: string | undefined): Promise<void> {
    const versions = expectedVersions(ifMatch);
    await this.run(userId, async (repo) => {
      if (await repo.delete(userId, id, versions)) return;
      const list = await repo.find(userId, id);
      if (!list) throw notFound(NOT_FOUND);
      if (list.is_inbox) throw conflict('The Inbox cannot be deleted (it can be renamed).');
      throw preconditionFailed(STALE);
    });
  }
}
