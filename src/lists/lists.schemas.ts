// The lists API's wire shapes, defined once (validation, TypeScript types, OpenAPI, the web page).
import { Type, type Static } from 'typebox';
import { LIST_LIMITS } from '../limits.js';

const Uuid = Type.String({ format: 'uuid', description: 'UUID, returned in lower case' });
const Time = Type.String({ format: 'date-time', description: 'ISO-8601 UTC time' });
const PLAIN_TEXT = '^[^\\u0000\\ud800-\\udfff]*$';

export const Color = Type.Union([Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '#rrggbb (any case on input, lower case on output)' }), Type.Null()]);

export const List = Type.Object(
  {
    id: Uuid,
    user_id: Uuid,
    name: Type.String({ minLength: 1, maxLength: LIST_LIMITS.nameMax }),
    color: Color,
    is_inbox: Type.Boolean({ description: 'Every user has exactly one Inbox; it cannot be deleted.' }),
    position: Type.String({ description: 'Opaque; plain string comparison gives the lists\' order (the Inbox is always first).' }),
    open_count: Type.Integer({ minimum: 0, description: 'Tasks in the list not yet completed (subtasks included).' }),
    task_count: Type.Integer({ minimum: 0, description: 'All tasks in the list (subtasks included).' }),
    version: Type.Integer({ minimum: 1, description: 'Grows by one on every change to the list itself; the ETag is derived from it.' }),
    created_at: Time,
    updated_at: Time,
  },
  { $id: 'List', additionalProperties: false },
);

export const ListCollection = Type.Object(
  { items: Type.Array(Type.Ref('List'), { description: 'In position order, the Inbox first.' }) },
  { $id: 'ListCollection', additionalProperties: false },
);

const Name = Type.String({ minLength: 1, maxLength: LIST_LIMITS.nameMax, pattern: PLAIN_TEXT, description: '1..100 characters after trimming; not blank.' });
const Neighbour = (description: string) => Type.Optional(Type.String({ format: 'uuid', description }));

export const ListCreate = Type.Object(
  { name: Name, color: Type.Optional(Color) },
  { $id: 'ListCreate', additionalProperties: false, description: 'A new list goes after the others.' },
);

export const ListPatch = Type.Object(
  {
    name: Type.Optional(Name),
    color: Type.Optional(Color),
    after_id: Neighbour('Place the list right after this list.'),
    before_id: Neighbour('Place the list right before this list (not before the Inbox, which stays first).'),
  },
  { $id: 'ListPatch', additionalProperties: false, description: 'Only the fields sent change; give after_id or before_id (not both) to reorder.' },
);

export const TaskMove = Type.Object(
  {
    list_id: Type.Optional(Type.String({ format: 'uuid', description: 'The list to move to; the subtree follows. Without parent_id the task becomes top-level there.' })),
    parent_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The new parent (same list), or null for top-level. Absent: unchanged, unless list_id names another list.' })),
    after_id: Neighbour('Place the task right after this sibling (a task under the target parent).'),
    before_id: Neighbour('Place the task right before this sibling.'),
  },
  { $id: 'TaskMove', additionalProperties: false, description: 'With neither after_id nor before_id the task goes to the end of its new siblings.' },
);

export const ListPathParams = Type.Object({
  user_id: Type.String({ description: 'The authenticated user\'s id (a UUID, any case) or the literal "me".' }),
  id: Type.String({ format: 'uuid', description: 'The list id (UUID, any case).' }),
});

export type ListDto = Static<typeof List>;
export type ListCollectionDto = { items: ListDto[] };
export type ListCreateBody = Static<typeof ListCreate>;
export type ListPatchBody = Static<typeof ListPatch>;
export type TaskMoveBody = Static<typeof TaskMove>;
