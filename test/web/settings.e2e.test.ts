// The settings dialog end to end in Debian's Chromium: a new account takes the browser's time
// zone on sign-up; the dialog shows it, saves another, and shows that after a reload; an account
// still on the default (UTC) is offered the browser's zone. Checked through the API as well.
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserApp, SCREENSHOTS } from './browser-app.js';
import { apiSession, signUp } from './sign-up.js';

const web = browserApp();

// A zone with one spelling (Chromium says America/Buenos_Aires where ICU's newer name is America/Argentina/Buenos_Aires).
const BROWSER_ZONE = 'America/Sao_Paulo';
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const zoneSelect = (page: Page) => dialog(page).getByLabel('Time zone');

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog(page).waitFor();
  // Loaded: the select is enabled and has focus.
  await expect.poll(() => zoneSelect(page).evaluate((el) => el === document.activeElement)).toBe(true);
}

it('the time zone is the browser’s after sign-up, and one chosen in Settings is saved and shown after a reload', async () => {
  const page = await web.newPage(1280, 800, { context: { timezoneId: BROWSER_ZONE } });
  const email = await signUp(web, page, 'Zoe');
  const api = await apiSession(web, email);
  await expect.poll(async () => (await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe(BROWSER_ZONE);

  await openSettings(page);
  expect(await zoneSelect(page).inputValue()).toBe(BROWSER_ZONE);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-dialog.png') });
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/me/settings');
  await zoneSelect(page).selectOption('Asia/Tokyo');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  expect((await saved).status()).toBe(200);
  await dialog(page).waitFor({ state: 'detached' });
  // Focus goes back to the button that opened the dialog.
  expect(await page.getByRole('button', { name: 'Settings' }).evaluate((el) => el === document.activeElement)).toBe(true);
  expect((await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe('Asia/Tokyo');

  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).waitFor();
  await openSettings(page);
  expect(await zoneSelect(page).inputValue()).toBe('Asia/Tokyo');
  // Escape cancels: nothing is sent.
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  expect((await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe('Asia/Tokyo');
  expect(web.problems).toEqual([]);
}, 120_000);

it('an account still on UTC is offered the browser’s zone, and Cancel keeps UTC', async () => {
  const page = await web.newPage(1280, 800, { context: { timezoneId: BROWSER_ZONE } });
  const email = await signUp(web, page, 'Utc');
  const api = await apiSession(web, email);
  await expect.poll(async () => (await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe(BROWSER_ZONE);
  expect((await api('PATCH', '/api/me/settings', { time_zone: 'UTC' })).status).toBe(200);

  await openSettings(page);
  expect(await zoneSelect(page).inputValue()).toBe(BROWSER_ZONE);
  await dialog(page).getByText('Your account uses UTC (the default).').waitFor();
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await dialog(page).waitFor({ state: 'detached' });
  expect((await api<{ time_zone: string }>('GET', '/api/me/settings')).body.time_zone).toBe('UTC');
  expect(web.problems).toEqual([]);
}, 120_000);
