import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this (it diffs the schema, no database needed); the service
// applies the committed SQL itself at start (src/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
