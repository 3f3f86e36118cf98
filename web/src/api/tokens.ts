// Personal access tokens as the Integrations dialog uses them. Only a signed-in session can make
// or revoke one (the server refuses a token here), which the page always is.
import type { AccessTokenCreateBody, AccessTokenDto, NewAccessTokenDto } from '../../../src/tokens/tokens.schemas.js';
import { request } from './request.js';

const BASE = '/api/me/tokens';

export function listTokens(signal?: AbortSignal): Promise<{ items: AccessTokenDto[] }> {
  return request<{ items: AccessTokenDto[] }>('GET', BASE, { signal });
}

/** The answer carries the token itself, which nothing returns again. */
export function createToken(body: AccessTokenCreateBody): Promise<NewAccessTokenDto> {
  return request<NewAccessTokenDto>('POST', BASE, { body });
}

export function revokeToken(id: string): Promise<void> {
  return request<void>('DELETE', `${BASE}/${encodeURIComponent(id)}`, { notFound: 'That token was already revoked.' });
}
