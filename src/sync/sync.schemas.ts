// The sync API's wire shapes: the page of changes and its query. Task and List are the tasks and
// lists domains' own schemas (the same objects, registered in this plugin too).
import { Type, type Static } from 'typebox';
import { SYNC_LIMITS } from '../limits.js';
import type { ListDto } from '../lists/lists.schemas.js';
import type { TaskDto } from '../tasks/tasks.schemas.js';

/** What SyncTokenCodec.encode produces: one or two change numbers, a dot, a 22-character signature. */
export const SYNC_TOKEN_PATTERN = '^\\d{1,15}(-\\d{1,15})?\\.[A-Za-z0-9_-]{22}$';
const Token = Type.String({ maxLength: 60, pattern: SYNC_TOKEN_PATTERN, description: 'An opaque sync token: a next_token (or an event id) this service gave you.' });

export const ChangesQuery = Type.Object(
  {
    since: Type.Optional(Token),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SYNC_LIMITS.pageMax, default: SYNC_LIMITS.pageDefault })),
  },
  { additionalProperties: false },
);
export type ChangesQueryParams = Static<typeof ChangesQuery>;

export const EventsQuery = Type.Object(
  { since: Type.Optional(Token) },
  { additionalProperties: false },
);

export const EventsHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ ...Token, description: 'The id of the last event received (a token): the stream resumes after it.' })),
});

export const Change = Type.Object(
  {
    kind: Type.Enum(['task', 'list'], { type: 'string' }),
    id: Type.String({ format: 'uuid' }),
    op: Type.Enum(['upsert', 'delete'], { type: 'string', description: 'upsert: the object as it is now (data); delete: it is gone (data is null).' }),
    data: Type.Union([Type.Ref('Task'), Type.Ref('List'), Type.Null()], { description: 'A Task or a List (by kind) for an upsert; null for a delete.' }),
    changed_at: Type.String({ format: 'date-time', description: 'When the change was committed (its transaction\'s time).' }),
  },
  { $id: 'Change', additionalProperties: false },
);

export const ChangePage = Type.Object(
  {
    changes: Type.Array(Type.Ref('Change'), { description: 'Oldest first; each object at most once, in its latest state.' }),
    next_token: Type.String({ description: 'Pass as since next time; every later change will come.' }),
    has_more: Type.Boolean({ description: 'true: call again with next_token at once, there is more.' }),
  },
  { $id: 'ChangePage', additionalProperties: false },
);

export interface ChangeDto {
  kind: 'task' | 'list';
  id: string;
  op: 'upsert' | 'delete';
  data: TaskDto | ListDto | null;
  changed_at: string;
}
export interface ChangePageDto {
  changes: ChangeDto[];
  next_token: string;
  has_more: boolean;
}
