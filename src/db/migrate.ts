import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database, Schema } from './client.js';

/** migrations/ at the repository root, from src/db or dist/db alike. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Arbitrary constant: the advisory lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 0x6b6e_0001;

/**
 * Applies every pending migration in migrations/; safe to call from several processes at once.
 * Runs as the tables' owner: the application role may not exist yet, and must not own what it creates.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  await database.asOwner(async (db) => {
    if (database.driver === 'embedded') {
      // One process owns the embedded database; the in-process lock serialises its callers.
      await database.withAdvisoryLock(MIGRATION_LOCK, () => migratePglite(db as unknown as PgliteDatabase<Schema>, { migrationsFolder }));
      return;
    }
    // The lock is held on the owner's own connection, so it is released with it whatever happens.
    await db.execute(sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    await migratePg(db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
  });
}
