// A real server on 127.0.0.1 for clients that speak HTTP themselves (Better Auth's client, fetch).
// Better Auth builds absolute URLs from BETTER_AUTH_URL, so the app must know its port before it
// listens: a free port is found first, then the app is built for it and listens there.
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { freePort } from '../../helpers/free-port.js';

export interface ListeningApp extends TestApp {
  /** http://127.0.0.1:<port>, also the app's BETTER_AUTH_URL. */
  baseUrl: string;
}

export async function buildListeningApp(env: Record<string, string> = {}): Promise<ListeningApp> {
  // Another process may take the port between the probe and listen: try a few times.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const t = await buildTestApp({ BETTER_AUTH_URL: baseUrl, ...env });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      return { ...t, baseUrl };
    } catch (error) {
      await t.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}
