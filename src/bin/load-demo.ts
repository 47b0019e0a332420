// Loads the demo data set into DATABASE_URL, or the embedded database in DATA_DIR (npm run db:demo).
// Idempotent: records are upserted by (sourceSystem "ketnoi-demo", sourceRef).
import { loadDemoData, readDemoData } from '../modules/demo/demo.loader.js';
import { withDatabase } from './cli.js';

await withDatabase(async (database) => {
  const counts = await loadDemoData(database.db, await readDemoData());
  process.stdout.write(`demo data loaded into the ${database.driver} database: ${JSON.stringify(counts)}\n`);
});
