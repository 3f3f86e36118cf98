// Tombstones older than the retention (SYNC_LIMITS.tombstoneDays) are dropped once an hour, user
// by user (each in its own request-scoped transaction, under row-level security like any other
// access to the log). The first sweep runs a minute after start, so it never slows a boot.
import { asc, gt } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { user } from '../db/schema.js';
import type { SyncService } from './sync.service.js';

const FIRST_SWEEP_MS = 60_000;
const SWEEP_EVERY_MS = 3_600_000;
const USERS_PER_BATCH = 500;

export function startTombstoneSweep(database: Database, service: SyncService, log: FastifyBaseLogger): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const sweep = async () => {
    let after = '00000000-0000-0000-0000-000000000000';
    let pruned = 0;
    for (;;) {
      if (stopped) return;
      const batch = await database.db.select({ id: user.id }).from(user).where(gt(user.id, after)).orderBy(asc(user.id)).limit(USERS_PER_BATCH);
      if (batch.length === 0) break;
      pruned += await service.pruneTombstones(batch.map((row) => row.id));
      after = batch[batch.length - 1]!.id;
    }
    if (pruned > 0) log.info({ pruned }, 'sync: old tombstones dropped');
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      sweep()
        .catch((error: unknown) => log.warn({ err: error }, 'sync: tombstone sweep failed; next hour it runs again'))
        .finally(() => {
          if (!stopped) schedule(SWEEP_EVERY_MS);
        });
    }, ms);
    timer.unref();
  };
  schedule(FIRST_SWEEP_MS);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
