// The personal access tokens' wire shapes.
import { Type, type Static } from 'typebox';
import { Nullable, PLAIN_TEXT, Time } from '../tasks/tasks.schemas.js';

export const TOKEN_LIMITS = { nameMax: 100, perUser: 50, expiresInDaysMax: 3650 } as const;

export const Scope = Type.Enum(['read', 'write'], { type: 'string', description: 'read: every GET; write: everything else too.' });

const TokenFields = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  scopes: Type.Array(Scope),
  created_at: Time,
  expires_at: Nullable(Time),
  last_used_at: Nullable(Type.String({ format: 'date-time', description: 'Recorded at most once a minute.' })),
};

export const AccessToken = Type.Object(TokenFields, { $id: 'AccessToken', additionalProperties: false });

export const NewAccessToken = Type.Object(
  { ...TokenFields, token: Type.String({ description: 'The token itself (tsk_...): shown only in this response, stored only as a hash.' }) },
  { $id: 'NewAccessToken', additionalProperties: false },
);

export const AccessTokenList = Type.Object(
  { items: Type.Array(Type.Ref('AccessToken'), { description: 'Newest first.' }) },
  { $id: 'AccessTokenList', additionalProperties: false },
);

export const AccessTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: TOKEN_LIMITS.nameMax, pattern: PLAIN_TEXT, description: 'What the token is for.' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 2, uniqueItems: true, description: '["read"] or ["read","write"].' }),
    expires_in_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: TOKEN_LIMITS.expiresInDaysMax, description: 'Absent or null: never expires.' }))),
  },
  { $id: 'AccessTokenCreate', additionalProperties: false },
);

export const TokenPathParams = Type.Object({
  user_id: Type.String({ description: 'The authenticated user\'s id (a UUID, any case) or the literal "me".' }),
  id: Type.String({ format: 'uuid', description: 'The token id.' }),
});

export type AccessTokenDto = Static<typeof AccessToken>;
export type NewAccessTokenDto = Static<typeof NewAccessToken>;
export type AccessTokenCreateBody = Static<typeof AccessTokenCreate>;
export type ScopeValue = Static<typeof Scope>;
