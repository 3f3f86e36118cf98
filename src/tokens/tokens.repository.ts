// All SQL about personal access tokens. The user's own statements filter on the user id with
// row-level security behind them; findByHash runs as task_scheduler, which may read only the
// columns that check a token (migration 0009), before anyone is known.
import type { RequestTx } from '../db/client.js';
import type { ScopeValue } from './tokens.schemas.js';

export interface TokenRecord {
  id: string;
  name: string;
  scopes: ScopeValue[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

export interface TokenCheck {
  id: string;
  user_id: string;
  token_hash: string;
  scopes: ScopeValue[];
  expires_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, name, scopes, created_at, expires_at, last_used_at';

export class TokensRepository {
  constructor(private readonly tx: RequestTx) {}

  async create(userId: string, values: { name: string; scopes: ScopeValue[]; tokenHash: string; expiresInDays: number | null }): Promise<TokenRecord> {
    const [row] = await this.tx.query<TokenRecord>({
      text: `insert into access_tokens (user_id, name, scopes, token_hash, expires_at)
        values ($1, $2, $3::text[], $4, case when $5::int is null then null else now() + make_interval(days => $5::int) end)
        returning ${COLUMNS}`,
      params: [userId, values.name, values.scopes, values.tokenHash, values.expiresInDays],
    });
    return row!;
  }

  async count(userId: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>({ text: 'select count(*)::int as n from access_tokens where user_id = $1', params: [userId] });
    return row!.n;
  }

  list(userId: string): Promise<TokenRecord[]> {
    return this.tx.query<TokenRecord>({ text: `select ${COLUMNS} from access_tokens where user_id = $1 order by created_at desc, id`, params: [userId] });
  }

  async revoke(userId: string, id: string): Promise<boolean> {
    const rows = await this.tx.query({ text: 'delete from access_tokens where user_id = $1 and id = $2 returning id', params: [userId, id] });
    return rows.length > 0;
  }

  /** Marks the token used now, unless another request already did within the minute. */
  async touch(userId: string, id: string): Promise<void> {
    await this.tx.query({
      text: `update access_tokens set last_used_at = now()
        where user_id = $1 and id = $2 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      params: [userId, id],
    });
  }

  async findByHash(tokenHash: string): Promise<TokenCheck | undefined> {
    const [row] = await this.tx.query<TokenCheck>({
      text: 'select id, user_id, token_hash, scopes, expires_at, last_used_at from access_tokens where token_hash = $1',
      params: [tokenHash],
    });
    return row;
  }
}
