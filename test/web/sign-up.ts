// Signing a new person up through the page, and the same person's API session for a test's own
// requests (a Bearer token from signing in again: no cookie, no Origin needed), for the browser
// tests of settings, recurrence and reminders.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/users.js';
import type { BrowserApp } from './browser-app.js';

const PASSWORD = 'every day at nine';

export type Api = <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

/** Opens the page and sends its sign-up form; what to wait for after is the caller's. */
export async function submitSignUp(page: Page, origin: string, person: { name: string; email: string; password?: string }): Promise<void> {
  await page.goto(origin);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
}

/** Signs a new person up in `page` (so the page's own sign-up steps run) and returns their email. */
export async function signUp(web: BrowserApp, page: Page, name: string): Promise<string> {
  const email = uniqueEmail(name.toLowerCase());
  await submitSignUp(page, web.origin, { name, email });
  await page.getByText('No tasks yet').waitFor();
  return email;
}

/** A datetime-local value (the page's local time, to the minute) `ms` from the page's clock. */
export const localInputIn = (page: Page, ms: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, ms);

/** A session for a client that is not a browser: its token works as a Bearer token. */
export async function apiSession(web: BrowserApp, email: string, password = PASSWORD): Promise<Api> {
  const res = await fetch(`${web.origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  return async (method, path, body) => {
    const answer = await fetch(`${web.origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text === '' ? null : JSON.parse(text)) as never };
  };
}
