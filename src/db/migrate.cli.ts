// `npm run db:migrate`: applies pending migrations without starting the server.
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from './client.js';
import { migrate } from './migrate.js';

try {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const applied = await migrate(database.db);
    process.stdout.write(`migrations: ${applied} applied (${database.kind})\n`);
  } finally {
    await database.close();
  }
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message.split('\n')[0]}`;
  process.stderr.write(`task-service: ${message}\n`);
  process.exit(1);
}
