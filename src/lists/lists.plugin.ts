// The lists domain: /api/{user_id}/lists and its schemas. (Moving a task between lists is the
// tasks domain's /move; the Inbox made at sign-up is lists.inbox.ts.)
import type { DomainPlugin } from '../domains.js';
import { ListsService } from './lists.service.js';
import { registerListRoutes } from './lists.routes.js';

export const listsPlugin: DomainPlugin = async (app, { database, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'lists', description: 'Your lists: the Inbox and your own, with their task counts' }] });
  await registerListRoutes(app, new ListsService(database), authenticate, origins);
};
