import { defineConfig } from 'drizzle-kit';

// Generation only: drizzle-kit never connects anywhere. Migrations are applied by src/db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
  strict: true,
  verbose: false,
});
