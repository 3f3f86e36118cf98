// The account domain: GET /api/me and /api/{user_id}/me.
import type { DomainPlugin } from '../domains.js';
import { registerAccountRoutes } from './account.routes.js';

export const accountPlugin: DomainPlugin = async (app, { database, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'account', description: 'Who the credentials belong to' }] });
  await registerAccountRoutes(app, database, authenticate, origins);
};
