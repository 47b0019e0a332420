// Applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR (npm run db:migrate).
import { migrationsFolder } from '../db/migrate.js';
import { withDatabase } from './cli.js';

await withDatabase(async (database) => {
  process.stdout.write(`migrations from ${migrationsFolder} applied (${database.driver} database)\n`);
});
