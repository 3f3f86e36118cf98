// The floor's move: a reorder among siblings, the least the service's move does for one, in the
// caller's transaction. One read (the neighbour's position, whether it is the moving task's
// sibling, the far side of the gap), the key between (fractional-indexing), one update.
// test/bench/floor-move.test.ts checks it orders tasks as the service's move does.
import { generateKeyBetween } from 'fractional-indexing';
import type { Query } from './floor-database.js';
import { BadInput } from './floor-input.js';
import { MOVE_GAP, REORDER } from './floor-sql.js';

/** The moved row, or null when the task or the neighbour does not exist (for this user). */
export async function moveAmongSiblings(
  query: Query, userId: string, taskId: string, side: 'after' | 'before', neighbourId: string,
): Promise<Record<string, unknown> | null> {
  if (neighbourId === taskId) throw new BadInput(422, 'VALIDATION_ERROR', 'A task cannot be placed next to itself.');
  const [gap] = await query(MOVE_GAP[side], [userId, taskId, neighbourId]);
  if (!gap) return null;
  if (!gap.sibling) throw new BadInput(422, 'VALIDATION_ERROR', 'The neighbour is not a sibling at the destination.');
  const [neighbour, beyond] = [gap.neighbour as string, gap.beyond as string | null];
  const position = side === 'after' ? generateKeyBetween(neighbour, beyond) : generateKeyBetween(beyond, neighbour);
  return (await query(REORDER, [userId, taskId, position]))[0] ?? null;
}
