import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database, Schema } from './client.js';

/** migrations/ at the repository root, from src/db or dist/db alike. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Arbitrary constant: the advisory lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 0x6b6e_0001;

/** Applies every pending migration in migrations/; safe to call from several processes at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK, async () => {
    if (database.driver === 'postgres') {
      await migratePg(database.db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
    } else {
      await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
    }
  });
}
