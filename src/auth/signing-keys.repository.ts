// Better Auth's `jwks` table, read for the start-up check only (Better Auth itself writes and
// rotates the keys). Service-wide rows, not a user's: no user scope applies.
import { desc } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { jwks } from '../db/auth-schema.js';

/** The stored private key Better Auth signs with (the newest), as the column holds it. */
export async function newestEncryptedSigningKey(db: AppDb): Promise<string | undefined> {
  const [newest] = await db.select({ privateKey: jwks.privateKey }).from(jwks).orderBy(desc(jwks.createdAt)).limit(1);
  return newest?.privateKey;
}
