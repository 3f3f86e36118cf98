// All SQL about settings: one row per user, or none (the defaults). Filtered on the user id, with
// row-level security behind it, as every user table.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { userSettings } from '../db/schema.js';
import { compileSql, placeholder as p } from '../db/statement.js';

export interface SettingsRecord {
  time_zone: string;
}

const GET = compileSql<{ userId: string }>(sql`select ${userSettings.timeZone} from ${userSettings} where ${userSettings.userId} = ${p('userId')}`);

const SET_TIME_ZONE = compileSql<{ userId: string; timeZone: string }>(sql`insert into ${userSettings} (user_id, time_zone) values (${p('userId')}, ${p('timeZone')})
  on conflict (user_id) do update set time_zone = excluded.time_zone, updated_at = now()
  returning ${userSettings.timeZone}`);

export const DEFAULT_SETTINGS: SettingsRecord = { time_zone: 'UTC' };

export class SettingsRepository {
  constructor(private readonly tx: RequestTx) {}

  async get(userId: string): Promise<SettingsRecord> {
    const [row] = await this.tx.query<SettingsRecord>(GET.with({ userId }));
    return row ?? DEFAULT_SETTINGS;
  }

  async setTimeZone(userId: string, timeZone: string): Promise<SettingsRecord> {
    const [row] = await this.tx.query<SettingsRecord>(SET_TIME_ZONE.with({ userId, timeZone }));
    return row!;
  }
}
