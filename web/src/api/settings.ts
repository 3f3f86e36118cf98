// The account's settings as the page uses them (today: the time zone recurring tasks repeat in).
import type { SettingsDto, SettingsPatchBody } from '../../../src/settings/settings.schemas.js';
import { request } from './request.js';

const PATH = '/api/me/settings';

export function getSettings(signal?: AbortSignal): Promise<SettingsDto> {
  return request<SettingsDto>('GET', PATH, { signal });
}

export function updateSettings(patch: SettingsPatchBody): Promise<SettingsDto> {
  return request<SettingsDto>('PATCH', PATH, { body: patch });
}
