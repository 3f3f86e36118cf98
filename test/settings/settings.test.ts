// GET/PATCH /settings: the user's time zone, "UTC" until set; a known IANA name is stored as the
// zone database spells it; an unknown one, an offset, an unknown field are 422s that change
// nothing; each user has their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';

const SETTINGS = '/api/me/settings';
let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers(2);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

const read = async (user: TestUser) => {
  const res = await as(t.app, user).get(SETTINGS);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { time_zone: string };
};

describe('settings', () => {
  it('a new account: UTC', async () => {
    expect(await read(alice)).toEqual({ time_zone: 'UTC' });
  });

  it('PATCH sets the time zone, spelled as the zone database does; GET returns it; the other user keeps theirs', async () => {
    const res = await as(t.app, alice).patch(SETTINGS, { time_zone: 'europe/berlin' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ time_zone: 'Europe/Berlin' });
    expect(await read(alice)).toEqual({ time_zone: 'Europe/Berlin' });
    expect(await read(bob)).toEqual({ time_zone: 'UTC' });
    // Changed again: the same row.
    expect((await as(t.app, alice).patch(SETTINGS, { time_zone: 'America/New_York' })).json()).toEqual({ time_zone: 'America/New_York' });
    // An empty patch changes nothing and answers what is there.
    expect((await as(t.app, alice).patch(SETTINGS, {})).json()).toEqual({ time_zone: 'America/New_York' });
    expect(await read(alice)).toEqual({ time_zone: 'America/New_York' });
  });

  it.each([
    ['an unknown zone', { time_zone: 'Mars/Olympus_Mons' }],
    ['an offset (not an IANA name)', { time_zone: '+02:00' }],
    ['an empty name', { time_zone: '' }],
    ['not a string', { time_zone: 3 }],
    ['null', { time_zone: null }],
  ])('%s → 422 naming time_zone, nothing changed', async (_what, body) => {
    const before = await read(bob);
    expectError(await as(t.app, bob).patch(SETTINGS, body), 422, 'VALIDATION_ERROR', ['time_zone']);
    expect(await read(bob)).toEqual(before);
  });

  it('an unknown field → 422; a query parameter → 400; no credentials → 401; another user\'s path → 403', async () => {
    expectError(await as(t.app, bob).patch(SETTINGS, { theme: 'dark' }), 422, 'VALIDATION_ERROR');
    expectError(await as(t.app, bob).get(`${SETTINGS}?x=1`), 400, 'VALIDATION_ERROR');
    expectError(await as(t.app, null).get(SETTINGS), 401, 'UNAUTHORIZED');
    expectError(await as(t.app, bob).get(`/api/${alice.id}/settings`), 403, 'FORBIDDEN');
    expectError(await as(t.app, bob).patch(`/api/${alice.id}/settings`, { time_zone: 'UTC' }), 403, 'FORBIDDEN');
    expect(await read(alice)).toEqual({ time_zone: 'America/New_York' });
  });
});
