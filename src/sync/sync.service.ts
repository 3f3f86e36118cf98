// Sync: what changed since a token, read from the change log the database triggers write in the
// same transaction as each change (drizzle/0005). A user's changes are numbered under that user's
// counter row lock, so numbers follow commit order: a reader that has seen n has seen everything
// up to n, and nothing committed later can take a number below it.
import type { Database, RequestTx } from '../db/client.js';
import { badRequest, syncTokenExpired } from '../errors.js';
import { SYNC_LIMITS } from '../limits.js';
import { toListDto } from '../lists/lists.mapper.js';
import { ListsRepository } from '../lists/lists.repository.js';
import { toTaskDto } from '../tasks/tasks.mapper.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import { SyncRepository, type Counter, type LogEntry, type StreamEntry } from './sync.repository.js';
import type { ChangeDto, ChangePageDto } from './sync.schemas.js';
import { SyncTokenCodec, type SyncPoint } from './sync.token.js';

const BAD_TOKEN = badRequest('The since token is not valid.', [{ field: 'since', message: 'is not a token this service issued to you' }]);

/** 410 when the deletions a token still needs are gone, or the token is from a log that no longer exists. */
export function assertStillUsable(point: SyncPoint, counter: Counter): void {
  if (point.horizon < counter.pruned_through || point.seq > counter.last_seq || point.horizon > counter.last_seq) throw syncTokenExpired();
}

export class SyncService {
  readonly tokens: SyncTokenCodec;

  constructor(private readonly database: Database, secret: string) {
    this.tokens = new SyncTokenCodec(secret);
  }

  /** The point a token stands for (400 on one we did not issue to this user). */
  pointOf(userId: string, token: string): SyncPoint {
    const point = this.tokens.decode(userId, token);
    if (!point) throw BAD_TOKEN;
    return point;
  }

  /**
   * One page of changes after `since`, or without it a snapshot: every live task and list. The
   * counter is read first and bounds the page, so the token handed out never runs ahead of what
   * the page could see.
   */
  changes(userId: string, since: string | undefined, limit: number = SYNC_LIMITS.pageDefault): Promise<ChangePageDto> {
    const point = since === undefined ? undefined : this.pointOf(userId, since);
    return this.database.asUser(userId, async (tx) => {
      const log = new SyncRepository(tx);
      const counter = await log.counter(userId);
      if (point) assertStillUsable(point, counter);
      const from = point ?? { seq: 0, horizon: counter.last_seq };
      const entries = await log.page(userId, { since: from.seq, top: counter.last_seq, horizon: from.horizon, limit: limit + 1 });
      const hasMore = entries.length > limit;
      const page = hasMore ? entries.slice(0, limit) : entries;
      const changes = await this.withData(userId, page, tx);
      const next = hasMore ? { seq: page[page.length - 1]!.seq, horizon: from.horizon } : { seq: counter.last_seq, horizon: counter.last_seq };
      return { changes, next_token: this.tokens.encode(userId, next), has_more: hasMore };
    });
  }

  /** Where the user's log stands now (the event stream's starting point). */
  counter(userId: string): Promise<Counter> {
    return this.database.asUser(userId, (tx) => new SyncRepository(tx).counter(userId));
  }

  /** Log entries and reminder deliveries after seq, oldest first, deletions included (the event stream's read). */
  logAfter(userId: string, seq: number, limit: number): Promise<StreamEntry[]> {
    return this.database.asUser(userId, (tx) => new SyncRepository(tx).stream(userId, seq, limit));
  }

  /** The log entries with their objects as they are now. */
  private async withData(userId: string, entries: LogEntry[], tx: RequestTx): Promise<ChangeDto[]> {
    const idsOf = (kind: LogEntry['kind']) => entries.filter((e) => e.kind === kind && e.op === 'upsert').map((e) => e.object_id);
    const [taskIds, listIds] = [idsOf('task'), idsOf('list')];
    const tasks = taskIds.length === 0 ? [] : await new TasksRepository(tx).findMany(userId, taskIds);
    const lists = listIds.length === 0 ? [] : await new ListsRepository(tx).findMany(userId, listIds);
    const data = new Map<string, ChangeDto['data']>([
      ...tasks.map((task) => [`task:${task.id}`, toTaskDto(task)] as const),
      ...lists.map((list) => [`list:${list.id}`, toListDto(list)] as const),
    ]);
    const changes: ChangeDto[] = [];
    for (const entry of entries) {
      const object = entry.op === 'upsert' ? data.get(`${entry.kind}:${entry.object_id}`) : null;
      // Deleted since the page was read (this request's statements each see the latest commits):
      // its tombstone has a later number, so the next call reports it.
      if (object === undefined) continue;
      changes.push({ kind: entry.kind, id: entry.object_id, op: entry.op, data: object, changed_at: entry.changed_at.toISOString() });
    }
    return changes;
  }

  /** Drops these users' tombstones older than the retention (the sweep calls it; tests too). */
  async pruneTombstones(userIds: string[], cutoff = new Date(Date.now() - SYNC_LIMITS.tombstoneDays * 86_400_000)): Promise<number> {
    let pruned = 0;
    for (const userId of userIds) pruned += await this.database.asUser(userId, (tx) => new SyncRepository(tx).prune(userId, cutoff));
    return pruned;
  }
}
