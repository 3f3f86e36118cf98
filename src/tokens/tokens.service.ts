// Personal access tokens: minted (the secret returned once, its hash kept), listed, revoked, and
// checked on each request that presents one. No cache: a revoked token fails on the next request.
import type { Database } from '../db/client.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { hashAccessToken, isAccessTokenShaped, newAccessToken, sameHash } from './token-secret.js';
import { TokensRepository, type TokenRecord } from './tokens.repository.js';
import { TOKEN_LIMITS, type AccessTokenCreateBody, type AccessTokenDto, type NewAccessTokenDto, type ScopeValue } from './tokens.schemas.js';

const TOUCH_EVERY_MS = 60_000;

export type TokenOutcome = { userId: string; tokenId: string; scopes: ScopeValue[] } | { failure: 'token_invalid' | 'token_expired' };

function toDto(token: TokenRecord): AccessTokenDto {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    created_at: token.created_at.toISOString(),
    expires_at: token.expires_at?.toISOString() ?? null,
    last_used_at: token.last_used_at?.toISOString() ?? null,
  };
}

export class TokensService {
  constructor(
    private readonly database: Database,
    private readonly onTouchFailed: (error: unknown) => void = () => {},
  ) {}

  async create(userId: string, body: AccessTokenCreateBody): Promise<NewAccessTokenDto> {
    if (!body.scopes.includes('read')) {
      throw unprocessable('A token reads at least.', [{ field: 'scopes', message: 'must be ["read"] or ["read","write"]' }]);
    }
    const scopes: ScopeValue[] = body.scopes.includes('write') ? ['read', 'write'] : ['read'];
    const token = newAccessToken();
    const created = await this.database.asUser(userId, async (tx) => {
      const tokens = new TokensRepository(tx);
      if ((await tokens.count(userId)) >= TOKEN_LIMITS.perUser) {
        throw conflict(`You have ${TOKEN_LIMITS.perUser} tokens, the most an account may hold: revoke one first.`);
      }
      return tokens.create(userId, { name: body.name, scopes, tokenHash: hashAccessToken(token), expiresInDays: body.expires_in_days ?? null });
    });
    return { ...toDto(created), token };
  }

  async list(userId: string): Promise<{ items: AccessTokenDto[] }> {
    const rows = await this.database.asUser(userId, (tx) => new TokensRepository(tx).list(userId));
    return { items: rows.map(toDto) };
  }

  async revoke(userId: string, id: string): Promise<void> {
    const revoked = await this.database.asUser(userId, (tx) => new TokensRepository(tx).revoke(userId, id));
    if (!revoked) throw notFound('No such token.');
  }

  /** The user and scopes of a presented token, or why it is refused. */
  async check(token: string, now = new Date()): Promise<TokenOutcome> {
    if (!isAccessTokenShaped(token)) return { failure: 'token_invalid' };
    const presented = hashAccessToken(token);
    const found = await this.database.asScheduler((tx) => new TokensRepository(tx).findByHash(presented));
    if (found === undefined || !sameHash(found.token_hash, presented)) return { failure: 'token_invalid' };
    if (found.expires_at !== null && found.expires_at.getTime() <= now.getTime()) return { failure: 'token_expired' };
    if (found.last_used_at === null || now.getTime() - found.last_used_at.getTime() >= TOUCH_EVERY_MS) {
      // Not awaited: recording the use must not slow or fail the request it records.
      this.database.asUser(found.user_id, (tx) => new TokensRepository(tx).touch(found.user_id, found.id)).catch(this.onTouchFailed);
    }
    return { userId: found.user_id, tokenId: found.id, scopes: found.scopes };
  }
}
