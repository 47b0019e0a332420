import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { APP_ROLE, currentBox, scopeSettings, type Scope } from './scope.js';

/**
 * The connection wrappers that make every application statement run as the non-owner role with
 * the current scope, so PostgreSQL's row-level security applies even when a query forgets its
 * province filter. The scope is read when a statement (or a transaction) starts, in the caller's
 * async context: the innermost scope, else the wrapper's default (null: no scoped rows at all).
 */
export type ScopeSource = () => Scope | null;

export function scopeSource(fallback: Scope | null): ScopeSource {
  return () => {
    const box = currentBox();
    return box ? box.scope : fallback;
  };
}

const SET_SESSION = "SELECT set_config('role', $1, false), set_config('ketnoi.role', $2, false), set_config('ketnoi.provinces', $3, false)";
const SET_LOCAL = "SELECT set_config('role', $1, true), set_config('ketnoi.role', $2, true), set_config('ketnoi.provinces', $3, true)";

/** What each pooled connection was last set to, so a checkout with the same scope costs no round trip. */
const applied = new WeakMap<object, string>();

/**
 * A pool in front of node-postgres' pool (drizzle treats any class named "…Pool" as a pool: a
 * transaction checks out one connection). Each checkout sets the role and the scope for the session
 * before anything else runs on it; a failure discards the connection, so nothing runs unscoped.
 */
export class ScopedPool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scopeOf: ScopeSource,
  ) {}

  async connect(): Promise<pg.PoolClient> {
    const settings = scopeSettings(this.scopeOf());
    const key = `${settings.role}|${settings.provinces}`;
    const client = await this.pool.connect();
    if (applied.get(client) === key) return client;
    try {
      applied.delete(client);
      await client.query(SET_SESSION, [APP_ROLE, settings.role, settings.provinces]);
      applied.set(client, key);
      return client;
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }

  async query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      const result = await client.query(config, values);
      client.release();
      return result;
    } catch (err) {
      // A server-reported error (it has a SQLSTATE) leaves the connection usable; anything else may not.
      client.release((err as { code?: unknown }).code ? undefined : (err as Error));
      throw err;
    }
  }
}

/**
 * PGlite is one connection shared by everything in the process, so a session setting could leak
 * between interleaved callers: every statement runs in a short transaction that sets the role and
 * the scope locally (PGlite serialises transactions).
 */
export function scopedPglite(client: PGlite, scopeOf: ScopeSource): PGlite {
  const begin = async (tx: Transaction, settings: { role: string; provinces: string }) => {
    await tx.query(SET_LOCAL, [APP_ROLE, settings.role, settings.provinces]);
  };
  const wrapper = {
    query(text: string, params?: unknown[], options?: object) {
      const settings = scopeSettings(scopeOf());
      return client.transaction(async (tx) => {
        await begin(tx, settings);
        return tx.query(text, params, options);
      });
    },
    transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      const settings = scopeSettings(scopeOf());
      return client.transaction(async (tx) => {
        await begin(tx, settings);
        return fn(tx);
      });
    },
  };
  return wrapper as unknown as PGlite;
}
