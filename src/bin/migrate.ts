// Applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR (npm run db:migrate).
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase, migrationsFolder } from '../db/migrate.js';

try {
  const config = loadConfig(process.env);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { driver: 'postgres', url: config.DATABASE_URL, poolMax: 2 }
      : { driver: 'embedded', dataDir: join(config.DATA_DIR, 'pglite') },
  );
  try {
    await migrateDatabase(database);
    process.stdout.write(`migrations from ${migrationsFolder} applied (${database.driver} database)\n`);
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error).stack ?? err)}\n`);
  process.exit(1);
}
