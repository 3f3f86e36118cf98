// The lists API as the page uses it. Renames and recolours send If-Match with the version the page
// showed, so a change made elsewhere in the meantime is refused (412) rather than overwritten. A
// reorder sends none: a list's place cannot overwrite its name or colour, so it needs no guard.
import type { ListCollectionDto, ListCreateBody, ListDto, ListPatchBody } from '../../../src/lists/lists.schemas.js';
import { placementBody, type Placement } from '../order/placement.js';
import { request } from './request.js';

const BASE = '/api/me/lists';
const NOT_FOUND = 'That list no longer exists.';

const listPath = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** The ETag the server gives a list at this version. */
export const etagOf = (list: Pick<ListDto, 'version'>) => `"v${list.version}"`;

export function listLists(signal?: AbortSignal): Promise<ListCollectionDto> {
  return request<ListCollectionDto>('GET', BASE, { signal });
}

export function createList(body: ListCreateBody): Promise<ListDto> {
  return request<ListDto>('POST', BASE, { body });
}

export function updateList(list: ListDto, patch: ListPatchBody): Promise<ListDto> {
  return request<ListDto>('PATCH', listPath(list.id), { body: patch, headers: { 'If-Match': etagOf(list) }, notFound: NOT_FOUND });
}

/** Puts the list right before or after another one (never before the Inbox: the server refuses). */
export function placeList(id: string, placement: Placement): Promise<ListDto> {
  return request<ListDto>('PATCH', listPath(id), { body: placementBody(placement), notFound: NOT_FOUND });
}

export function deleteList(id: string): Promise<void> {
  return request<void>('DELETE', listPath(id), { notFound: NOT_FOUND });
}
