// Tokens and webhooks end to end in Debian's Chromium, from Settings → "Tokens and webhooks…":
// a read-only token made in the page works from outside (reads 200, writes 403), is shown once,
// listed, and once revoked in the page is refused (401); a webhook is refused inline for a bad
// URL, made (its secret shown once), listed, shown failing after deliveries give up, and deleted.
// The app delivers to private addresses here (WEBHOOK_ALLOW_PRIVATE), so 127.0.0.1:9 is accepted;
// nothing listens there, and deliveries give up after a second, so the hook turns "failing".
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserApp, SCREENSHOTS } from './browser-app.js';
import { apiSession, signUp } from './sign-up.js';

const web = browserApp({
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOKS_DISPATCH: 'true',
  WEBHOOKS_POLL_MS: '50',
  WEBHOOKS_RETRY_BASE_MS: '50',
  WEBHOOKS_TIMEOUT_MS: '300',
  WEBHOOKS_GIVE_UP_AFTER_MS: '1000',
});

const HOOK_URL = 'http://127.0.0.1:9/hook';
const integrations = (page: Page) => page.getByRole('dialog', { name: 'Integrations' });
const isFocused = (page: Page, label: string) => integrations(page).getByLabel(label, { exact: true }).evaluate((el) => el === document.activeElement);
const answer = (page: Page, method: string, pathname: string) =>
  page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.startsWith(pathname));

async function openIntegrations(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Tokens and webhooks' }).click();
  await integrations(page).waitFor();
}

async function closeIntegrations(page: Page) {
  await integrations(page).getByRole('button', { name: 'Close', exact: true }).click();
  await integrations(page).waitFor({ state: 'detached' });
  // Back in Settings, on the button that opened it; Escape closes Settings too.
  expect(await page.getByRole('button', { name: 'Tokens and webhooks' }).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Settings' }).waitFor({ state: 'detached' });
}

/** Nothing wider than the screen: no horizontal scrolling, in the page or in the dialog. */
async function expectNoSideways(page: Page) {
  const widths = await page.evaluate(() => {
    const dialog = document.querySelector('dialog.integrations-dialog');
    return { page: document.documentElement.scrollWidth, view: window.innerWidth, dialog: dialog ? dialog.scrollWidth - dialog.clientWidth : 0 };
  });
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  expect(widths.dialog).toBeLessThanOrEqual(0);
}

const withToken = (token: string, method: string, pathname: string, body?: unknown) =>
  fetch(`${web.origin}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

it('a read-only token made in Settings reads but cannot write, is shown once, and is refused once revoked there', async () => {
  const page = await web.newPage(1280, 800, { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  const email = await signUp(web, page, 'Tess');
  const api = await apiSession(web, email);
  await openIntegrations(page);
  const dialog = integrations(page);
  await dialog.getByText('No tokens yet.').waitFor();
  await dialog.getByText(`${web.origin}/mcp`).waitFor();

  // A name is needed: said under the field, before any request.
  await dialog.getByRole('button', { name: 'Create token' }).click();
  await dialog.getByText('Give the token a name').waitFor();
  expect(await dialog.getByLabel('Token name').getAttribute('aria-invalid')).toBe('true');
  expect(await isFocused(page, 'Token name')).toBe(true);

  await dialog.getByLabel('Token name').fill('Backup script');
  expect(await dialog.getByLabel('Access', { exact: true }).inputValue()).toBe('read');
  await dialog.getByLabel('Expiry', { exact: true }).selectOption({ label: '90 days' });
  const created = answer(page, 'POST', '/api/me/tokens');
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const sent = await created;
  expect(sent.status()).toBe(201);
  expect(sent.request().postDataJSON()).toEqual({ name: 'Backup script', scopes: ['read'], expires_in_days: 90 });

  // Shown once, focused for copying, with the warning; Copy puts it on the clipboard.
  const field = dialog.getByLabel('Your new token “Backup script”');
  const token = await field.inputValue();
  expect(token).toMatch(/^tsk_/);
  expect(await isFocused(page, 'Your new token “Backup script”')).toBe(true);
  await dialog.getByText('Copy it now: you will not see it again.').waitFor();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const row = dialog.getByRole('listitem').filter({ hasText: 'Backup script' });
  await expect.poll(() => row.innerText()).toMatch(/Read only[\s\S]*Created[\s\S]*Expires[\s\S]*Last used\s*never/);
  await dialog.screenshot({ path: path.join(SCREENSHOTS, 'integrations-token-1280.png') });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'integrations-token-page-1280.png') });

  // The token from outside the browser: reads, cannot write.
  expect((await withToken(token, 'GET', '/api/me/tasks')).status).toBe(200);
  const write = await withToken(token, 'POST', '/api/me/tasks', { title: 'From the script' });
  expect(write.status).toBe(403);
  expect(((await write.json()) as { error_code: string }).error_code).toBe('FORBIDDEN');

  // Done: the form is back (focused), and the token is nowhere on the page any more, even after reopening.
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  expect(await isFocused(page, 'Token name')).toBe(true);
  expect(await page.content()).not.toContain(token);
  await closeIntegrations(page);
  await openIntegrations(page);
  await expect.poll(() => row.innerText()).toContain('Backup script');
  expect(await page.content()).not.toContain(token);
  // Used just now: the list says when (no longer "never").
  await expect.poll(() => row.innerText()).not.toMatch(/Last used\s*never/);

  // Revoke asks first; Cancel keeps it and returns to the button.
  const revokeButton = dialog.getByRole('button', { name: 'Revoke Backup script' });
  await revokeButton.click();
  const confirm = page.getByRole('dialog', { name: 'Revoke the token “Backup script”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  expect(await revokeButton.evaluate((el) => el === document.activeElement)).toBe(true);
  expect((await withToken(token, 'GET', '/api/me/tasks')).status).toBe(200);

  await revokeButton.click();
  const revoked = answer(page, 'DELETE', '/api/me/tokens/');
  await confirm.getByRole('button', { name: 'Revoke token' }).click();
  expect((await revoked).status()).toBe(204);
  await confirm.waitFor({ state: 'detached' });
  await dialog.getByText('No tokens yet.').waitFor();
  expect(await dialog.getByRole('heading', { name: 'Your tokens' }).evaluate((el) => el === document.activeElement)).toBe(true);
  expect((await withToken(token, 'GET', '/api/me/tasks')).status).toBe(401);
  expect((await api<{ items: unknown[] }>('GET', '/api/me/tokens')).body.items).toEqual([]);
  expect(web.problems).toEqual([]);
}, 120_000);

it('a webhook made in Settings shows its secret once, is listed, shows failing when deliveries give up, and is deleted there (at 390 px)', async () => {
  // The refused URL below is a 422 on purpose.
  const page = await web.newPage(390, 844, { expectFailuresAt: (url) => url.pathname === '/api/me/webhooks' });
  const email = await signUp(web, page, 'Hugo');
  const api = await apiSession(web, email);
  await openIntegrations(page);
  const dialog = integrations(page);
  await dialog.getByText('No webhooks yet.').waitFor();
  await expectNoSideways(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'integrations-top-390.png') });

  // The server's refusal, under the field it names.
  await dialog.getByLabel('Webhook URL').fill('ftp://127.0.0.1:9/hook');
  const refused = answer(page, 'POST', '/api/me/webhooks');
  await dialog.getByRole('button', { name: 'Add webhook' }).click();
  expect((await refused).status()).toBe(422);
  await dialog.getByText(/^Webhook URL: .*http/).waitFor();
  expect(await dialog.getByLabel('Webhook URL').getAttribute('aria-invalid')).toBe('true');
  await dialog.getByText('The webhook URL cannot be used.').waitFor();

  // At least one event, checked in the page.
  await dialog.getByLabel('Webhook URL').fill(HOOK_URL);
  for (const name of ['Task created', 'Task updated', 'Task completed', 'Task deleted', 'Reminder due']) await dialog.getByLabel(name).uncheck();
  await dialog.getByRole('button', { name: 'Add webhook' }).click();
  await dialog.getByText('Choose at least one event.').waitFor();

  await dialog.getByLabel('Task created').check();
  await dialog.getByLabel('Task completed').check();
  const created = answer(page, 'POST', '/api/me/webhooks');
  await dialog.getByRole('button', { name: 'Add webhook' }).click();
  const sent = await created;
  expect(sent.status()).toBe(201);
  expect(sent.request().postDataJSON()).toEqual({ url: HOOK_URL, events: ['task.created', 'task.completed'] });
  const secret = await dialog.getByLabel(`Signing secret for ${HOOK_URL}`).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await dialog.getByText('Copy it now: you will not see it again.').waitFor();
  const row = dialog.getByRole('listitem').filter({ hasText: HOOK_URL });
  await expect.poll(() => row.innerText()).toMatch(/Task created, Task completed[\s\S]*Active/);
  await expectNoSideways(page);
  await dialog.getByLabel(`Signing secret for ${HOOK_URL}`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'integrations-webhook-secret-390.png') });
  const [listed] = (await api<{ items: Record<string, unknown>[] }>('GET', '/api/me/webhooks')).body.items;
  expect(listed).toMatchObject({ url: HOOK_URL, events: ['task.created', 'task.completed'], status: 'active' });
  expect(listed).not.toHaveProperty('secret');
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  expect(await isFocused(page, 'Webhook URL')).toBe(true);
  expect(await page.content()).not.toContain(secret);

  // A task made: its delivery to 127.0.0.1:9 fails, is retried, and gives up after a second.
  expect((await api('POST', '/api/me/tasks', { title: 'Ring the hook' })).status).toBe(201);
  await expect
    .poll(async () => (await api<{ items: { status: string }[] }>('GET', '/api/me/webhooks')).body.items[0]?.status, { timeout: 15_000 })
    .toBe('failing');
  await closeIntegrations(page);
  await openIntegrations(page);
  await expect.poll(() => row.innerText()).toMatch(/Failing since[\s\S]*Last error: \S/);
  expect(await page.content()).not.toContain(secret);
  await expectNoSideways(page);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'integrations-webhook-failing-390.png') });

  await dialog.getByRole('button', { name: `Delete webhook ${HOOK_URL}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
  const deleted = answer(page, 'DELETE', '/api/me/webhooks/');
  await confirm.getByRole('button', { name: 'Delete webhook' }).click();
  expect((await deleted).status()).toBe(204);
  await confirm.waitFor({ state: 'detached' });
  await dialog.getByText('No webhooks yet.').waitFor();
  expect((await api<{ items: unknown[] }>('GET', '/api/me/webhooks')).body.items).toEqual([]);
  expect(web.problems).toEqual([]);
}, 120_000);
