// The sync domain: /api/{user_id}/changes (and the event stream), over the change log that the
// database's triggers keep (drizzle/0005); also the sweep of old tombstones.
import type { DomainPlugin } from '../domains.js';
import { registerSyncRoutes } from './sync.routes.js';
import { SyncService } from './sync.service.js';
import { startTombstoneSweep } from './sync.sweep.js';
import { ChangeSignals } from './change-signals.js';
import { EventHub } from './event-hub.js';

export const syncPlugin: DomainPlugin = async (app, { database, secret, authenticate, origins, events }) => {
  app.addOpenApiParts({ tags: [{ name: 'sync', description: 'What changed since you last looked, and a live stream of changes' }] });
  const service = new SyncService(database, secret);
  const signals = new ChangeSignals(database, { pollMs: events.pollMs, log: app.log });
  const hub = new EventHub(service, signals, events, app.log);
  await registerSyncRoutes(app, service, hub, authenticate, origins);
  // Before the server stops accepting and waits for open responses: the streams end now, so a
  // SIGTERM does not wait out the grace period for clients that would never hang up.
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => signals.close());
  const sweep = startTombstoneSweep(database, service, app.log);
  app.addHook('onClose', async () => sweep.stop());
};
