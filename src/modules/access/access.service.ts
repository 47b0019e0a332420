import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiClients, apiKeys } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import { findClient, findKeyByPrefix, insertClient, insertKey, countActiveKeys, listClients, listKeys, type ClientRow } from './access.repository.js';
import type { Caller, Role } from './caller.js';
import { generateKey, keyMatches, parseKey } from './keys.js';

export const MAX_ACTIVE_KEYS = 2;
const CLIENT = { en: 'API client', vi: 'ứng dụng khách API' };

export type AuthResult = { caller: Caller } | { error: 'missing' | 'invalid' | 'revoked' };

/**
 * Decisions are remembered for a few seconds by the exact Authorization header, so a busy portal
 * costs neither a key lookup nor a hash per request: a map lookup on the header string. Revoking
 * through this process clears the memory at once; other API processes notice within AUTH_CACHE_MS.
 */
export const AUTH_CACHE_MS = 5_000;
/** At most this many headers are remembered (the map is emptied past it). */
export const AUTH_CACHE_MAX = 10_000;
/** Longer headers are never remembered: a valid one ("Bearer " and a 55-character key) is far shorter. */
const MAX_REMEMBERED_HEADER = 128;
const verified = new Map<string, { result: AuthResult; until: number }>();
const lastUseWritten = new Map<string, number>();
/** Bumped by every revocation here: a check that started before one is not remembered after it. */
let generation = 0;
const MISSING: AuthResult = Object.freeze({ error: 'missing' as const });
const INVALID: AuthResult = Object.freeze({ error: 'invalid' as const });

export function forgetVerifiedKeys(): void {
  generation++;
  verified.clear();
}

/** API clients, their keys, and turning a bearer key into a Caller. */
export function createAccessService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const nowMs = deps.now ? () => (deps.now as () => Date)().getTime() : Date.now;

  /** The decision already known for this header (missing, or remembered and fresh); undefined when the key must be checked. */
  const known = (authorization: string | undefined): AuthResult | undefined => {
    if (!authorization) return MISSING;
    const hit = verified.get(authorization);
    return hit && hit.until > nowMs() ? hit.result : undefined;
  };

  return {
    /** Synchronous: the decision for this header when it needs no database read (see `authenticate`). */
    knownAuthentication: known,

    async authenticate(authorization: string | undefined): Promise<AuthResult> {
      const cached = known(authorization);
      if (cached) return cached;
      const header = authorization as string;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const key = match?.[1];
      const parsed = key ? parseKey(key) : undefined;
      if (!key || !parsed) return INVALID;
      const t = nowMs();
      const started = generation;
      const found = await findKeyByPrefix(db, parsed.prefix);
      let result: AuthResult;
      if (!found || !keyMatches(key, found.key.hash)) result = INVALID;
      else if (found.key.revokedAt || found.client.revokedAt) result = { error: 'revoked' };
      else {
        // Frozen: the same caller object serves every request of the next few seconds (and its
        // scope key is remembered by the read cache).
        const caller: Caller = Object.freeze({ clientId: found.client.id, name: found.client.name, role: found.client.role, provinces: Object.freeze([...found.client.provinces]) });
        result = { caller };
        // Record use at most once a minute per key and process, off the request's path.
        if ((lastUseWritten.get(found.key.id) ?? 0) < t - 60_000) {
          lastUseWritten.set(found.key.id, t);
          void db.update(apiKeys).set({ lastUsedAt: now() }).where(eq(apiKeys.id, found.key.id)).catch(() => {});
        }
      }
      if (header.length <= MAX_REMEMBERED_HEADER && started === generation) {
        if (verified.size >= AUTH_CACHE_MAX) verified.clear();
        verified.set(header, { result, until: t + AUTH_CACHE_MS });
      }
      return result;
    },

    /** Creates a client with its first key; the key is returned once and never stored. */
    async createClient(input: { name: string; role: Role; provinces: string[] }) {
      return db.transaction(async (txx) => {
        const tx = txx as unknown as Db;
        const client = await insertClient(tx, { name: input.name, role: input.role, provinces: input.role === 'portal' ? input.provinces : [] });
        const generated = generateKey();
        const key = await insertKey(tx, { clientId: client.id, prefix: generated.prefix, hash: generated.hash, label: 'first key' });
        return { client, key, secret: generated.key };
      });
    },

    /** Adds a key (for rotation); at most two active at once. */
    async addKey(clientId: string, label?: string) {
      return db.transaction(async (txx) => {
        const tx = txx as unknown as Db;
        const client = await loadClient(tx, clientId);
        await tx.execute(sql`SELECT 1 FROM ${apiClients} WHERE ${apiClients.id} = ${client.id} FOR UPDATE`);
        if ((await countActiveKeys(tx, clientId)) >= MAX_ACTIVE_KEYS) {
          throw new AppError(
            'CONFLICT',
            { en: `A client has at most ${MAX_ACTIVE_KEYS} active keys; revoke one first`, vi: `Mỗi ứng dụng có tối đa ${MAX_ACTIVE_KEYS} khóa đang hoạt động; hãy thu hồi một khóa trước` },
            { code: 'TOO_MANY_KEYS' },
          );
        }
        const generated = generateKey();
        const key = await insertKey(tx, { clientId, prefix: generated.prefix, hash: generated.hash, label: label ?? null });
        return { key, secret: generated.key };
      });
    },

    async revokeKey(clientId: string, keyId: string): Promise<void> {
      const rows = await db.update(apiKeys).set({ revokedAt: now() }).where(and(eq(apiKeys.id, keyId), eq(apiKeys.clientId, clientId))).returning({ id: apiKeys.id });
      if (rows.length === 0) throw notFound({ en: 'API key', vi: 'khóa API' }, keyId, 'KEY_NOT_FOUND');
      forgetVerifiedKeys();
    },

    async revokeClient(clientId: string): Promise<void> {
      const rows = await db.update(apiClients).set({ revokedAt: now(), updatedAt: now() }).where(eq(apiClients.id, clientId)).returning({ id: apiClients.id });
      if (rows.length === 0) throw notFound(CLIENT, clientId, 'CLIENT_NOT_FOUND');
      forgetVerifiedKeys();
    },

    async client(clientId: string) {
      const client = await loadClient(db, clientId);
      return { client, keys: await listKeys(db, clientId) };
    },

    async clients() {
      const clients = await listClients(db);
      return Promise.all(clients.map(async (client) => ({ client, keys: await listKeys(db, client.id) })));
    },
  };

  async function loadClient(tx: Db, clientId: string): Promise<ClientRow> {
    const client = await findClient(tx, clientId);
    if (!client) throw notFound(CLIENT, clientId, 'CLIENT_NOT_FOUND');
    return client;
  }
}

export type AccessService = ReturnType<typeof createAccessService>;
