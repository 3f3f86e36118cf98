// The account check's wire shape (the seed's GET /api/me): who the credentials belong to.
import { Type, type Static } from 'typebox';

export const Me = Type.Object(
  {
    user_id: Type.String({ format: 'uuid', description: 'Your user id, in lower case; usable as {user_id} in every path.' }),
    email: Type.String({ description: 'The account\'s email address.' }),
    name: Type.String({ description: 'The name given at sign-up.' }),
  },
  { $id: 'Me', additionalProperties: false },
);
export type MeDto = Static<typeof Me>;

export const MePathParams = Type.Object(
  { user_id: Type.String({ description: 'Your user id, or "me"' }) },
  { additionalProperties: false },
);

export const NoQuery = Type.Object({}, { additionalProperties: false });
