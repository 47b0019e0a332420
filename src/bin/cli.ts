import { ConfigError, loadConfig, type Config } from '../config.js';
import { databaseOptions, openDatabase, type Database } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { asSystem } from '../db/scope.js';

/**
 * Runs a command-line tool against the configured database, migrated first. A configuration
 * error prints its message; any other failure its stack; both exit 1.
 */
export async function withDatabase(run: (database: Database, config: Config) => Promise<void>): Promise<void> {
  try {
    const config = loadConfig(process.env);
    const database = await openDatabase(databaseOptions(config, 2));
    try {
      await migrateDatabase(database);
      // A tool run by the operator acts as the system, nationwide.
      await asSystem(() => run(database, config));
    } finally {
      await database.close();
    }
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  }
}
