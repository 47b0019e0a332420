import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { adminQuery, withDatabase } from './services.js';

export interface TestDatabase {
  url: string | undefined;
  /**
   * The operator's handle: a test's fixtures and checks outside any scope act as the system. The
   * app and workers under test get `appView(database)`, where a statement outside any scope sees
   * nothing, as in production.
   */
  database: Database;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file, cloned from the migrated template. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const admin = inject('adminDatabaseUrl');
  const name = `ketnoi_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  const url = withDatabase(admin, name);
  const database = await openDatabase({ driver: 'postgres', url, poolMax: 5 });
  return {
    url,
    database,
    async drop() {
      await database.close();
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** An in-memory embedded database (PGlite) with every migration applied. */
export async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const database = await openDatabase({ driver: 'embedded', dataDir: undefined });
  await migrateDatabase(database);
  return { url: undefined, database, drop: () => database.close() };
}

/** The application's view of a test database: outside any scope, no scoped rows (as in production). */
export const appView = (database: Database): Database => database.withDefaultScope(null);

export const drivers = [
  { driver: 'postgres' as const, create: createPostgresDatabase },
  { driver: 'embedded' as const, create: createEmbeddedDatabase },
];

/** A BullMQ prefix of this test file's own, so files never see each other's jobs. */
export function testQueuePrefix(): string {
  return `ketnoi-test-${inject('runId')}-${randomBytes(4).toString('hex')}`;
}

export function redisUrl(): string {
  return inject('redisUrl');
}

/** Removes every key under a test prefix (Redis keeps nothing on disk here, but tidy runs are easier to debug). */
export async function dropQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `fn` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
