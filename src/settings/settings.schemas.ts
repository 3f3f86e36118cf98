// The settings' wire shapes. A time zone is an IANA name (Europe/Berlin, America/New_York, UTC);
// whether the name exists is the service's check (settings.time-zone.ts), the pattern only keeps
// out what no IANA name looks like (UTC offsets such as +02:00, spaces, over-long strings).
import { Type, type Static } from 'typebox';

export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z][A-Za-z0-9_+/-]*$',
  description: 'An IANA time zone name, e.g. "Europe/Berlin" or "UTC" (any case on input; answered as the database of zones spells it).',
});

export const Settings = Type.Object(
  { time_zone: Type.String({ description: 'Your time zone: recurring tasks are expanded in it unless a task names its own. "UTC" until you set one.' }) },
  { $id: 'Settings', additionalProperties: false },
);
export type SettingsDto = Static<typeof Settings>;

export const SettingsPatch = Type.Object({ time_zone: Type.Optional(TimeZoneName) }, { additionalProperties: false });
export type SettingsPatchBody = Static<typeof SettingsPatch>;
