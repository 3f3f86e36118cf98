// The one UUID check, shared by every layer that meets ids: the token's subject, the path's
// {user_id}, the value inlined into a request's transaction settings, a cursor's task id.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in any case (the contract accepts any case and answers in lower case). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
