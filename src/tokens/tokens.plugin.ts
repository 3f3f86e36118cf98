// The tokens domain: personal access tokens for scripts, CalDAV clients and MCP assistants
// (/api/{user_id}/tokens). Checking a presented token is the authenticator's (app.ts builds it
// with a TokensService of its own).
import type { DomainPlugin } from '../domains.js';
import { registerTokenRoutes } from './tokens.routes.js';
import { TokensService } from './tokens.service.js';

export const tokensPlugin: DomainPlugin = async (app, { database, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'tokens', description: 'Personal access tokens: for scripts, CalDAV clients and MCP' }] });
  await registerTokenRoutes(app, new TokensService(database), authenticate, origins);
};
