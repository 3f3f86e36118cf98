// A user's settings: read (the defaults until anything is set) and changed field by field.
import type { Database } from '../db/client.js';
import { unprocessable } from '../errors.js';
import { SettingsRepository, type SettingsRecord } from './settings.repository.js';
import type { SettingsPatchBody } from './settings.schemas.js';
import { canonicalTimeZone } from './settings.time-zone.js';

export class SettingsService {
  constructor(private readonly database: Database) {}

  get(userId: string): Promise<SettingsRecord> {
    return this.database.asUser(userId, (tx) => new SettingsRepository(tx).get(userId));
  }

  update(userId: string, patch: SettingsPatchBody): Promise<SettingsRecord> {
    // Checked before the transaction: a refusal changes nothing and costs no round trip.
    const timeZone = patch.time_zone === undefined ? undefined : canonicalTimeZone(patch.time_zone);
    if (timeZone === null) {
      throw unprocessable('The time zone is not known.', [{ field: 'time_zone', message: 'must be an IANA time zone name, such as Europe/Berlin or UTC' }]);
    }
    return this.database.asUser(userId, (tx) => {
      const settings = new SettingsRepository(tx);
      return timeZone === undefined ? settings.get(userId) : settings.setTimeZone(userId, timeZone);
    });
  }
}
