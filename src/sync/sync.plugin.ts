// The sync domain: /api/{user_id}/changes (and the event stream), over the change log that the
// database's triggers keep (drizzle/0005); also the sweep of old tombstones.
import type { DomainPlugin } from '../domains.js';
import { registerSyncRoutes } from './sync.routes.js';
import { SyncService } from './sync.service.js';
import { startTombstoneSweep } from './sync.sweep.js';

export const syncPlugin: DomainPlugin = async (app, { database, secret, authenticate, origins }) => {
  app.addOpenApiParts({ tags: [{ name: 'sync', description: 'What changed since you last looked, and a live stream of changes' }] });
  const service = new SyncService(database, secret);
  await registerSyncRoutes(app, service, authenticate, origins);
  const sweep = startTombstoneSweep(database, service, app.log);
  app.addHook('onClose', async () => sweep.stop());
};
