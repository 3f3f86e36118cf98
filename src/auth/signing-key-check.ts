// BETTER_AUTH_SECRET also encrypts the JWT signing keys Better Auth keeps in the `jwks` table.
// Started with another secret than the one that created them (a second instance configured
// differently, a secret changed or a DATA_DIR/auth-secret lost), the service would serve and
// then answer every /api/auth/token with a 500. Checked once at start instead: one line, exit 1.
import { symmetricDecrypt } from 'better-auth/crypto';
import { ConfigError } from '../config.js';
import type { AppDb } from '../db/client.js';
import { newestEncryptedSigningKey } from './signing-keys.repository.js';

/** Throws a ConfigError when `secret` cannot decrypt the key Better Auth signs with (its newest). */
export async function assertSecretOpensSigningKey(db: AppDb, secret: string, secretSource: string): Promise<void> {
  const stored = await newestEncryptedSigningKey(db);
  // No key yet: the first token request creates one with this secret.
  if (stored === undefined) return;
  try {
    // As Better Auth's jwt plugin reads it (plugins/jwt/sign): the column holds the JSON of the ciphertext.
    await symmetricDecrypt({ key: secret, data: JSON.parse(stored) as string });
  } catch {
    throw new ConfigError(
      `${secretSource} is not the secret that encrypted the JWT signing key stored in the database: ` +
        'use that secret (every instance on one database must share it), or delete the rows of the jwks table to start with a new key',
    );
  }
}
