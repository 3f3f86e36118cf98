// No gap, ever: writers on their own connections (real request transactions, through
// Database.asUser) that sleep inside their transactions so they would commit out of order, while a
// reader polls /changes with its token in a loop. After every schedule the reader's replayed copy
// equals the database. (On PostgreSQL the writers really overlap; on PGlite they take turns.)
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import type { TestUser } from '../helpers/users.js';
import { inboxOf } from '../lists/list-api.js';
import { changes, apply, truth, type Replica } from './sync-api.js';

const RUNS = Number(process.env.SYNC_GAP_RUNS ?? 12);

let t: AppWithUsers;
let user: TestUser;
let inboxId: string;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  inboxId = (await inboxOf(t.app, user)).id;
});
afterAll(() => t.close());

type Write = { op: 'insert' | 'update' | 'delete'; before: number; after: number };
const write = fc.record({ op: fc.constantFrom('insert', 'insert', 'update', 'delete'), before: fc.integer({ min: 0, max: 25 }), after: fc.integer({ min: 0, max: 25 }) }) as fc.Arbitrary<Write>;

const ms = (n: number) => ({ text: 'select pg_sleep($1)', params: [n / 1000] });
let counter = 0;

/** One writer's transaction: sleep, write, sleep, commit. */
function runWriter(w: Write): Promise<unknown> {
  return t.database.asUser(user.id, async (tx) => {
    await tx.query(ms(w.before));
    if (w.op === 'insert') {
      counter += 1;
      await tx.query({ text: `insert into tasks (user_id, title, list_id, position) values ($1, $2, $3, $4)`, params: [user.id, `w${counter}`, inboxId, `z${String(counter).padStart(8, '0')}`] });
    } else if (w.op === 'update') {
      await tx.query({ text: `update tasks set title = title || '+', version = version + 1 where id = (select id from tasks where user_id = $1 order by random() limit 1)`, params: [user.id] });
    } else {
      await tx.query({ text: `delete from tasks where id = (select id from tasks where user_id = $1 and parent_id is null order by random() limit 1)`, params: [user.id] });
    }
    await tx.query(ms(w.after));
  });
}

describe('no change is ever missed', () => {
  it('a reader polling during out-of-order commits ends with exactly the database', async () => {
    const replica: Replica = new Map();
    const first = await changes(t.app, user);
    apply(replica, first.changes);
    let token = first.next_token;
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 2, maxLength: 10 }), async (writes) => {
        let done = false;
        const writers = Promise.all(writes.map(runWriter)).finally(() => {
          done = true;
        });
        // Poll while they run (each poll is its own request, seeing whatever has committed).
        while (!done) {
          const page = await changes(t.app, user, { since: token });
          apply(replica, page.changes);
          token = page.next_token;
        }
        await writers;
        for (let more = true; more;) {
          const page = await changes(t.app, user, { since: token });
          apply(replica, page.changes);
          ({ next_token: token, has_more: more } = page);
        }
        expect(replica).toEqual(await truth(t.app, user));
      }),
      { numRuns: RUNS },
    );
  });
});
