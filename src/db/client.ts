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
import { ScopedPool, scopedPglite, scopeSource } from './scoped.js';
import { SYSTEM_SCOPE, type Scope } from './scope.js';

export type Schema = typeof schema;
/** The drizzle handle every repository takes; the same type for both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseDriver = 'postgres' | 'embedded';

/**
 * One database interface over the two drivers. Every statement through `db` runs as the
 * non-owner application role with the current scope (see scope.ts), so row-level security backs up
 * the query layer's province rules.
 */
export interface Database {
  readonly driver: DatabaseDriver;
  readonly db: Db;
  /** Runs `SELECT 1`; rejects when the database does not answer. */
  ping(): Promise<void>;
  /** Runs `fn` while holding a database-wide advisory lock (serialises migrations and batches). */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` as the tables' owner, outside row-level security: for migrations only. */
  asOwner<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * The same connections, where a statement issued outside any scope runs in `scope` (null: it
   * sees no scoped rows). openDatabase gives the operator's handle (the system: tools, tests,
   * benchmarks); the API and the worker run on withDefaultScope(null), so whatever forgets its
   * scope fails closed.
   */
  withDefaultScope(scope: Scope | null): Database;
  /** Closes the connections (shared with every withDefaultScope view); safe to call twice. */
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

/** The operator's handle on the database: outside any scope, statements act as the system (see withDefaultScope). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.driver === 'postgres' ? openPostgres(options) : openEmbedded(options.dataDir);
}

function openPostgres(options: { url: string; poolMax?: number; applicationName?: string }): Database {
  const applicationName = options.applicationName ?? 'ketnoi';
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: applicationName,
    // Fail fast when PostgreSQL is down instead of hanging requests (readiness reports it).
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  let closing: Promise<void> | undefined;
  const view = (fallback: Scope | null): Database => {
    const scoped = new ScopedPool(pool, scopeSource(fallback));
    const db = drizzlePg({ client: scoped as unknown as pg.Pool, schema, casing: 'snake_case' }) as unknown as Db;
    return {
      driver: 'postgres',
      db,
      async ping() {
        await pool.query('SELECT 1');
      },
      async withAdvisoryLock(key, fn) {
        const client = await scoped.connect();
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
      async asOwner(fn) {
        // Its own connection: a pooled one has switched to the application role for good.
        const client = new pg.Client({ connectionString: options.url, application_name: `${applicationName}-owner`, connectionTimeoutMillis: 5_000 });
        client.on('error', () => {});
        await client.connect();
        try {
          return await fn(drizzlePg({ client, schema, casing: 'snake_case' }) as unknown as Db);
        } finally {
          await client.end();
        }
      },
      withDefaultScope: view,
      close() {
        closing ??= pool.end();
        return closing;
      },
    };
  };
  return view(SYSTEM_SCOPE);
}

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  let location: string | undefined;
  if (dataDir !== undefined) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, { extensions: { pg_trgm, unaccent } });
  // One process owns the embedded database, so an in-process lock per key is the advisory lock.
  const locks = new Map<number, Promise<unknown>>();
  const view = (fallback: Scope | null): Database => ({
    driver: 'embedded',
    db: drizzlePglite({ client: scopedPglite(client, scopeSource(fallback)), schema, casing: 'snake_case' }) as unknown as Db,
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
    // The bare client runs as the superuser it starts as; only the wrapped one switches role.
    asOwner: (fn) => fn(drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db),
    withDefaultScope: view,
    async close() {
      if (!client.closed) await client.close();
    },
  });
  return view(SYSTEM_SCOPE);
}

/** Runs a raw SQL statement and returns its rows, whatever the driver. */
export async function queryRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
