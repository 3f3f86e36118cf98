// The account's own row, read by its id (the caller's, from verified credentials): the user
// table is Better Auth's, outside row-level security, so the scope is this WHERE clause.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { user } from '../db/auth-schema.js';

export interface AccountRecord {
  id: string;
  email: string;
  name: string;
}

export async function findAccount(db: AppDb, userId: string): Promise<AccountRecord | undefined> {
  const rows = await db.select({ id: user.id, email: user.email, name: user.name }).from(user).where(eq(user.id, userId)).limit(1);
  return rows[0];
}
