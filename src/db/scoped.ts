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

const pgIdentifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain channel name: ${name}`);
  return name;
};

/** A connection that can LISTEN: what both wrappers offer (see ScopedPool.listen). */
export interface Listener {
  listen(channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void): { close(): Promise<void> };
}

/** The listener behind a drizzle handle made by client.ts, if its driver offers one. */
export function listenerOf(db: unknown): Listener | undefined {
  const client = (db as { $client?: Partial<Listener> }).$client;
  return typeof client?.listen === 'function' ? (client as Listener) : undefined;
}

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

  /**
   * LISTEN on a channel with a connection of its own, held for as long as the subscription lasts.
   * `onState(true)` once listening; `onState(false)` when the connection is lost (notifications
   * may have been missed), after which it reconnects by itself until `close()`.
   */
  listen(channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void): { close(): Promise<void> } {
    let closed = false;
    let current: pg.PoolClient | undefined;
    let retry: NodeJS.Timeout | undefined;
    const lost = (client: pg.PoolClient, err?: Error) => {
      if (current !== client) return;
      current = undefined;
      onState(false);
      client.release(err ?? new Error('listener closed'));
      if (!closed) retry = setTimeout(start, 1_000);
    };
    const start = async () => {
      retry = undefined;
      let client: pg.PoolClient | undefined;
      try {
        // Outside any request's scope: LISTEN needs no privilege and reads no rows.
        client = await this.pool.connect();
        current = client;
        const c = client;
        c.on('error', (err) => lost(c, err));
        c.on('end', () => lost(c));
        c.on('notification', (message) => {
          if (message.channel === channel) onMessage(message.payload ?? '');
        });
        await c.query(`LISTEN ${pgIdentifier(channel)}`);
        if (closed) return lost(c);
        onState(true);
      } catch (err) {
        if (client && current === client) lost(client, err as Error);
        else if (!closed) retry = setTimeout(start, 1_000);
      }
    };
    void start();
    return {
      async close() {
        closed = true;
        if (retry) clearTimeout(retry);
        const client = current;
        current = undefined;
        client?.release(new Error('listener closed'));
      },
    };
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
    /** The same contract as ScopedPool.listen; the embedded database never loses its connection. */
    listen(channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void) {
      let closed = false;
      const subscribed = client.listen(channel, onMessage).then((unsubscribe) => {
        if (!closed) onState(true);
        return unsubscribe;
      });
      return {
        async close() {
          closed = true;
          if (!client.closed) await (await subscribed)();
        },
      };
    },
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
