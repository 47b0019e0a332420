import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle handle every repository takes; the same type for both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseDriver = 'postgres' | 'embedded';

/** One database interface over the two drivers. */
export interface Database {
  readonly driver: DatabaseDriver;
  readonly db: Db;
  /** Runs `SELECT 1`; rejects when the database does not answer. */
  ping(): Promise<void>;
  /** Runs `fn` while holding a database-wide advisory lock (serialises migrations and batches). */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { driver: 'postgres'; url: string; poolMax?: number; applicationName?: string }
  /** dataDir undefined keeps the embedded database in memory. */
  | { driver: 'embedded'; dataDir: string | undefined };

/** The database the configuration names: PostgreSQL at DATABASE_URL, else the embedded one in DATA_DIR. */
export function databaseOptions(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_MAX'>, poolMax = config.DATABASE_POOL_MAX): DatabaseOptions {
  return config.DATABASE_URL ? { driver: 'postgres', url: config.DATABASE_URL, poolMax } : { driver: 'embedded', dataDir: join(config.DATA_DIR, 'pglite') };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.driver === 'postgres' ? openPostgres(options) : openEmbedded(options.dataDir);
}

function openPostgres(options: { url: string; poolMax?: number; applicationName?: string }): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'ketnoi',
    // Fail fast when PostgreSQL is down instead of hanging requests (readiness reports it).
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    driver: 'postgres',
    db,
    async ping() {
      await pool.query('SELECT 1');
    },
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  let location: string | undefined;
  if (dataDir !== undefined) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, { extensions: { pg_trgm, unaccent } });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  // One process owns the embedded database, so an in-process lock per key is the advisory lock.
  const locks = new Map<number, Promise<unknown>>();
  return {
    driver: 'embedded',
    db,
    async ping() {
      await client.query('SELECT 1');
    },
    async withAdvisoryLock(key, fn) {
      const previous = locks.get(key) ?? Promise.resolve();
      const current = previous.catch(() => {}).then(fn);
      const tail = current.catch(() => {});
      locks.set(key, tail);
      try {
        return await current;
      } finally {
        if (locks.get(key) === tail) locks.delete(key);
      }
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/** Runs a raw SQL statement and returns its rows, whatever the driver. */
export async function queryRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
