// Loads the demo data set into DATABASE_URL, or the embedded database in DATA_DIR (npm run db:demo).
// Idempotent: records are upserted by (sourceSystem "ketnoi-demo", sourceRef).
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { loadDemoData, readDemoData } from '../modules/demo/demo.loader.js';

try {
  const config = loadConfig(process.env);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { driver: 'postgres', url: config.DATABASE_URL, poolMax: 2 }
      : { driver: 'embedded', dataDir: join(config.DATA_DIR, 'pglite') },
  );
  try {
    await migrateDatabase(database);
    const counts = await loadDemoData(database.db, await readDemoData());
    process.stdout.write(`demo data loaded into the ${database.driver} database: ${JSON.stringify(counts)}\n`);
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error).stack ?? err)}\n`);
  process.exit(1);
}
