// The auth domain: Better Auth mounted at /api/auth/*, and the OpenAPI entries for its routes
// (no Fastify schema describes them: Better Auth serves them itself).
import type { DomainPlugin } from '../domains.js';
import { authOpenApiPaths } from './auth.openapi.js';
import { registerAuthRoutes } from './auth.routes.js';

export const authPlugin: DomainPlugin = async (app, { auth, baseUrl }) => {
  app.addOpenApiParts({ tags: [{ name: 'auth', description: 'Better Auth, unchanged' }], paths: authOpenApiPaths });
  registerAuthRoutes(app, auth, baseUrl);
};
