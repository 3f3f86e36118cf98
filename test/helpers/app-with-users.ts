// The fixture most test files start from: a migrated app (buildTestApp) and users signed up
// through the real sign-up route (signUp). One helper, so every file sets up the same way:
//
//   let t: AppWithUsers;
//   let alice: TestUser, bob: TestUser;
//   beforeAll(async () => {
//     t = await appWithUsers(2);
//     [alice, bob] = t.users;
//   });
//   afterAll(() => t.close());
import type { BuildOptions } from '../../src/app.js';
import { buildTestApp, type TestApp } from './app.js';
import { signUp, type TestUser } from './users.js';

type SignUpOverrides = Parameters<typeof signUp>[1];

export interface AppWithUsers extends TestApp {
  /** In the order they were asked for. */
  users: TestUser[];
}

/**
 * `users` is how many to sign up (defaults for everything), or one entry per user with what
 * should differ (a name, an email, a password). `env` and `options` are buildTestApp's.
 */
export async function appWithUsers(users: number | SignUpOverrides[] = 0, env: Record<string, string> = {}, options: BuildOptions = {}): Promise<AppWithUsers> {
  const t = await buildTestApp(env, options);
  try {
    const wanted = typeof users === 'number' ? Array.from({ length: users }, () => ({})) : users;
    // Concurrent: sign-up is mostly password hashing, which runs off the event loop.
    const signedUp = await Promise.all(wanted.map((overrides) => signUp(t.app, overrides)));
    return { ...t, users: signedUp };
  } catch (error) {
    await t.close();
    throw error;
  }
}
