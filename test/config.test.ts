// Configuration is validated once; a bad setting is one clear message naming it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

// The parser Better Auth's jwt plugin turns JWT_EXPIRATION into seconds with (not a public export).
const { sec } = (await import(path.resolve('node_modules/better-auth/dist/utils/time.mjs'))) as { sec: (value: string) => number };

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults: embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.http.bodyLimitBytes).toBe(64 * 1024);
    expect(config.auth.jwtExpiration).toBe('15m');
  });

  it('takes DATABASE_URL, or the seed\'s NEON_DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@h/db' }).databaseUrl).toBe('postgres://u:p@h/db');
    expect(loadConfig({ NEON_DATABASE_URL: 'postgresql://u:p@ep-x.neon.tech/db?sslmode=require' }).databaseUrl).toContain('neon.tech');
  });

  it('names the setting that is wrong, without echoing secrets', () => {
    const message = errorOf({ DATABASE_URL: 'not-a-url' });
    expect(message).toMatch(/^DATABASE_URL /);
    expect(errorOf({ DATABASE_URL: 'mysql://root:hunter2@h/db' })).not.toContain('hunter2');
    expect(errorOf({ PORT: 'abc' })).toMatch(/^PORT /);
    expect(errorOf({ PORT: '70000' })).toMatch(/^PORT /);
    expect(errorOf({ DB_POOL_SIZE: '0' })).toMatch(/^DB_POOL_SIZE /);
    expect(errorOf({ LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL /);
    expect(errorOf({ BETTER_AUTH_SECRET: 'short' })).toMatch(/^BETTER_AUTH_SECRET /);
    expect(errorOf({ AUTH_JWKS_URL: 'https://auth.example/jwks' })).toMatch(/AUTH_ISSUER/);
  });

  it('trusts no proxy by default; TRUST_PROXY names the ones to believe', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(errorOf({ TRUST_PROXY: 'everyone' })).toMatch(/^TRUST_PROXY /);
  });

  it('requires the auth secret and public URL in production', () => {
    expect(errorOf({ NODE_ENV: 'production' })).toMatch(/^BETTER_AUTH_SECRET /);
    expect(errorOf({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(32) })).toMatch(/^BETTER_AUTH_URL /);
    const config = loadConfig({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(32), BETTER_AUTH_URL: 'https://tasks.example' });
    expect(config.auth.baseUrl).toBe('https://tasks.example');
  });

  it('takes JWT_EXPIRATION only as a duration Better Auth reads as at least one second', () => {
    for (const value of ['15m', '1h', '900s', '2 hours', '1.5h', '7d', '1 week', '30 mins', '1mo', '1y', '1s']) {
      expect(loadConfig({ JWT_EXPIRATION: value }).auth.jwtExpiration).toBe(value);
      expect(sec(value)).toBeGreaterThanOrEqual(1);
    }
    for (const value of ['fifteen minutes', '15', '15 m s', 'm', '-15m', '15m ago', '1 hour from now', '0s', '0.2s', '15 minutes later', '1e3s']) {
      expect(errorOf({ JWT_EXPIRATION: value })).toMatch(/^JWT_EXPIRATION must be a duration .*15m/);
    }
    // What the check refuses, Better Auth would fail on at /api/auth/token, or mint already expired.
    expect(() => sec('fifteen minutes')).toThrow();
    expect(sec('15m ago')).toBeLessThan(0);
    expect(sec('0.2s')).toBe(0);
  });
});
