// The settings domain: /api/{user_id}/settings (the user's time zone, which recurring tasks are
// expanded in).
import type { DomainPlugin } from '../domains.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { SettingsService } from './settings.service.js';

export const settingsPlugin: DomainPlugin = async (app, { database, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'settings', description: 'Your settings: your time zone' }] });
  await registerSettingsRoutes(app, new SettingsService(database), authenticate, origins);
};
