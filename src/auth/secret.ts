// BETTER_AUTH_SECRET signs cookies and encrypts the JWT private keys. Production must set it;
// otherwise one strong secret is generated on first start and kept in DATA_DIR (mode 0600), so
// `npm start` just works and sessions survive restarts. That holds with DATABASE_URL too (in
// development): several instances on one PostgreSQL must then share one BETTER_AUTH_SECRET.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config.js';

const MIN_LENGTH = 32;

/** Where the secret comes from, as start-up errors name it. */
export function authSecretSource(config: Config): string {
  return config.auth.secret !== undefined ? 'BETTER_AUTH_SECRET' : `the secret in ${path.join(config.dataDir, 'auth-secret')}`;
}

export function resolveAuthSecret(config: Config): string {
  if (config.auth.secret !== undefined) return config.auth.secret;
  const file = path.join(config.dataDir, 'auth-secret');
  return readSecret(file) ?? createSecret(config.dataDir, file);
}

/** The kept secret; undefined when there is none yet. A file too short to be one is refused. */
function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Better Auth would take a short one and silently fall back to its public default secret.
  if (text.length < MIN_LENGTH) {
    throw new ConfigError(`${file} holds ${text.length} characters, but a secret needs at least ${MIN_LENGTH}: delete it to generate a new one, or set BETTER_AUTH_SECRET`);
  }
  return text;
}

/**
 * Writes a new secret to a private temp file, then links it into place: the file appears whole or
 * not at all, and link() fails if it exists, so of two processes starting at once exactly one
 * secret wins and both use it.
 */
function createSecret(dir: string, file: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  const temp = path.join(dir, `.auth-secret.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${secret}\n`);
      // On disk before it has its name, so a power cut cannot leave an empty auth-secret behind.
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(temp, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process linked its secret first: use theirs.
    const theirs = readSecret(file);
    if (theirs === undefined) throw error;
    return theirs;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
