// Every account has an Inbox from the start: sign-up calls this once the user is committed.
import type { Database } from '../db/client.js';
import { ListsRepository } from './lists.repository.js';

export function makeInbox(database: Database) {
  return (userId: string) => database.asUser(userId, (tx) => new ListsRepository(tx).ensureInbox(userId));
}
