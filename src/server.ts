// Listens, and shuts down gracefully. Everything else is in app.ts.
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';

function fail(message: string): never {
  process.stderr.write(`task-service: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const app = await buildApp(config).catch((error: unknown) => {
  // A setting only checked while building (the auth secret kept in DATA_DIR).
  if (error instanceof ConfigError) return fail(error.message);
  const where = config.databaseUrl ? 'the PostgreSQL at DATABASE_URL' : `the embedded database in ${config.dataDir}`;
  const reason = error instanceof Error ? error.message : String(error);
  return fail(`could not start: ${where} is not usable (${reason.split('\n')[0]})`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const timer = setTimeout(() => {
    app.log.error('in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, config.http.shutdownGraceMs);
  timer.unref();
  try {
    // Stops accepting, waits for in-flight requests, then closes the database (onClose hooks).
    await app.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  fail(`could not listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
}
