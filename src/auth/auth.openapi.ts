// OpenAPI entries for Better Auth's routes. They are served by Better Auth itself (mounted
// unchanged under /api/auth/*, with Better Auth's own error format), so no Fastify schema
// describes them; these entries put them in /openapi.json beside the task API.
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });

const User = {
  type: 'object',
  required: ['id', 'email', 'name', 'emailVerified', 'image', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    emailVerified: { type: 'boolean' },
    image: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const TokenAndUser = {
  type: 'object',
  required: ['token', 'user'],
  properties: { token: { type: 'string', description: 'Session token: use as Authorization: Bearer <token>.' }, user: User },
};
const AuthError = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
  description: "Better Auth's error format.",
};
/** Errors the service itself answers in front of Better Auth, in the contract's shape. */
const serviceError = (description: string, headers?: object) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  ...(headers ? { headers } : {}),
});
const serviceErrors = {
  413: serviceError('The body is over the limit (the contract\'s error shape)'),
  415: serviceError('The body is not JSON (the contract\'s error shape)'),
  503: serviceError('The database is unreachable (the contract\'s error shape)', {
    'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before retrying.' },
  }),
};
const errors = {
  ...serviceErrors,
  400: json(AuthError, 'Invalid request'),
  401: json(AuthError, 'Wrong email or password'),
  403: json(AuthError, 'Refused by the origin / CSRF check'),
  422: json(AuthError, 'Invalid input or email already taken'),
  429: { ...json(AuthError, 'Too many attempts'), headers: { 'Retry-After': { schema: { type: 'string' }, description: 'Seconds to wait' }, 'X-Retry-After': { schema: { type: 'string' } } } },
};
const tags = ['auth'];

import type { OpenAPIV3_1 } from 'openapi-types';

export const authOpenApiPaths = {
  '/api/auth/sign-up/email': {
    post: {
      tags, summary: 'Create an account (sets the session cookie)', operationId: 'signUpEmail',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: {
          type: 'object', required: ['name', 'email', 'password'],
          properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, password: { type: 'string', minLength: 8, maxLength: 128 } },
        } } },
      },
      responses: { 200: json(TokenAndUser, 'Signed up and signed in'), ...errors },
    },
  },
  '/api/auth/sign-in/email': {
    post: {
      tags, summary: 'Sign in (sets the session cookie)', operationId: 'signInEmail',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: {
          type: 'object', required: ['email', 'password'],
          properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, rememberMe: { type: 'boolean' } },
        } } },
      },
      responses: { 200: json(TokenAndUser, 'Signed in'), ...errors },
    },
  },
  '/api/auth/sign-out': {
    post: { tags, summary: 'End the session (cookie and session token stop working)', operationId: 'signOut', responses: { 200: json({ type: 'object', properties: { success: { type: 'boolean' } } }, 'Signed out'), ...serviceErrors } },
  },
  '/api/auth/get-session': {
    get: {
      tags, summary: 'The current session and user, or null', operationId: 'getSession',
      responses: { 200: json({ anyOf: [{ type: 'object', properties: { session: { type: 'object' }, user: User } }, { type: 'null' }] }, 'The session'), 503: serviceErrors[503] },
    },
  },
  '/api/auth/token': {
    get: {
      tags, summary: 'A JWT for the current session (15 minutes)', operationId: 'getToken',
      security: [{ sessionToken: [] }, { sessionCookie: [] }],
      responses: { 200: json({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }, 'A signed JWT (EdDSA)'), 401: json(AuthError, 'No session'), 503: serviceErrors[503] },
    },
  },
  '/api/auth/jwks': {
    get: {
      tags, summary: 'The public keys that verify JWTs', operationId: 'getJwks',
      responses: { 200: json({ type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object' } } } }, 'A JSON Web Key Set'), 503: serviceErrors[503] },
    },
  },
} as unknown as OpenAPIV3_1.PathsObject;
