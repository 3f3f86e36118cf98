// The signed-in account's settings: loaded once per account, changed through save(). A load waits
// for a save still on its way, and a save made while a load is out wins over that load's answer,
// so the time zone adopted right after sign-up is never overwritten by an older "UTC".
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsDto } from '../../../src/settings/settings.schemas.js';
import { getSettings, updateSettings } from '../api/settings.js';
import { browserTimeZone } from './timeZones.js';

export interface SettingsApi {
  /** Null until loaded (or when loading failed). */
  settings: SettingsDto | null;
  /** The zone new tasks repeat in: the account's, or the browser's until that is known. */
  timeZone: string;
  /** Resolves with the saved settings; rejects with the ApiError when refused. */
  save: (timeZone: string) => Promise<SettingsDto>;
  /** Right after sign-up: the new account takes the browser's zone, so its tasks repeat in local time. */
  adoptBrowserTimeZone: () => void;
}

export function useSettings(userId: string | null): SettingsApi {
  const [settings, setSettings] = useState<SettingsDto | null>(null);
  const changes = useRef(0);
  const saving = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    setSettings(null);
    if (userId === null) return;
    const controller = new AbortController();
    void saving.current.then(async () => {
      const sentAfter = changes.current;
      try {
        const loaded = await getSettings(controller.signal);
        if (changes.current === sentAfter) setSettings(loaded);
      } catch {
        // Without settings the page still works: forms fall back to the browser's zone, and the
        // settings dialog loads them again when opened.
      }
    });
    return () => controller.abort();
  }, [userId]);

  const save = useCallback(async (timeZone: string) => {
    changes.current += 1;
    const sent = updateSettings({ time_zone: timeZone });
    saving.current = sent.catch(() => undefined);
    const saved = await sent;
    setSettings(saved);
    return saved;
  }, []);

  const adoptBrowserTimeZone = useCallback(() => {
    save(browserTimeZone()).catch(() => {
      // Not worth troubling a new user over: the account keeps UTC and Settings can change it.
    });
  }, [save]);

  return { settings, timeZone: settings?.time_zone ?? browserTimeZone(), save, adoptBrowserTimeZone };
}
