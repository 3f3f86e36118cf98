import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Paths are resolved from this file, so `vite` works from the repo root (--config web/vite.config.ts)
// and from inside web/ alike.
const webDir = fileURLToPath(new URL('.', import.meta.url));
const apiOrigin = process.env.API_ORIGIN ?? 'http://localhost:3000';

// Everything the API serves; the dev server forwards these so hot reload runs against the real API
// on the same origin, which keeps the session cookie first-party.
const proxied = ['/api', '/health', '/ready', '/openapi.json', '/docs'];

export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiOrigin }])),
  },
});
