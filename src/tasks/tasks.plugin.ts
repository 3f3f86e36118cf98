// The tasks domain: /api/{user_id}/tasks and its schemas.
import type { DomainPlugin } from '../domains.js';
import { TasksService } from './tasks.service.js';
import { registerTaskRoutes } from './tasks.routes.js';

export const tasksPlugin: DomainPlugin = async (app, { database, secret, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'tasks', description: 'Your tasks: create, list, read, change, complete, delete' }] });
  await registerTaskRoutes(app, new TasksService(database, secret), authenticate, origins);
};
