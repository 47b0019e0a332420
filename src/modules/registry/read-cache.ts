import type { Scope } from '../../db/scope.js';
import { listenerOf, type Listener } from '../../db/scoped.js';

/** The channel the registry tables' triggers notify on every update or delete (migration 0014). */
export const REGISTRY_CHANNEL = 'ketnoi_registry';

/** One serialised response: exactly the bytes GET /v1/<resource>/{id} sent the first time. */
export interface CachedRecord {
  /** UTF-8 JSON, sent as it is. */
  body: Buffer;
  etag: string;
}

interface Entry extends CachedRecord {
  bytes: number;
  expires: number;
}

export interface ReadCacheOptions {
  /** Upper bound on the bodies held, in bytes; 0 disables. */
  maxBytes: number;
  /** Safety net: an entry is dropped after this long even without a notification. */
  ttlMs?: number;
  now?: () => number;
}

const DAY_MS = 86_400_000;

/**
 * A bounded cache of serialised registry reads, per record and per scope, so a hot GET by id
 * skips the database, the row parsing and the serialiser.
 *
 * Correctness rules:
 * - Keyed by the scope (role and provinces) the record was read under: what row-level security
 *   and the private-field rules showed one scope is only ever served to the same scope.
 * - Only while LISTENing: every update or delete of a registry row is announced by a trigger
 *   after commit, in every process; the entry is dropped when it arrives. While the listening
 *   connection is down (notifications may be missed) the cache is empty and bypassed.
 * - A read started before an invalidation is never stored after it (a generation counter), so a
 *   slow read cannot put back a version a writer has just replaced.
 * - Entries expire at the next UTC midnight (a published record can turn "expired" by date
 *   alone) and after ttlMs at the latest.
 * Writes in this process also invalidate at once, so a client reads its own writes here even
 * before the notification comes back; other processes follow within the notification's latency.
 */
export class ReadCache {
  private readonly records = new Map<string, Map<string, Entry>>();
  private bytes = 0;
  private generation = 0;
  private listening = false;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ReadCacheOptions) {
    this.maxBytes = options.maxBytes;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Serving and filling happen only while change notifications are known to arrive. */
  get active(): boolean {
    return this.listening && this.maxBytes > 0;
  }

  get size(): { records: number; bytes: number } {
    return { records: this.records.size, bytes: this.bytes };
  }

  /** Subscribes to the registry's change notifications; the cache stays inactive until it listens. */
  subscribe(listener: Listener): { close(): Promise<void> } {
    return listener.listen(REGISTRY_CHANNEL, (payload) => this.onNotification(payload), (listening) => this.setListening(listening));
  }

  setListening(listening: boolean): void {
    // Both ways the slate is wiped: whatever was cached may have changed unannounced.
    this.clear();
    this.listening = listening;
  }

  /** "<table>:<id>" from the trigger. */
  onNotification(payload: string): void {
    const at = payload.indexOf(':');
    if (at > 0) this.invalidate(payload.slice(0, at), payload.slice(at + 1));
    else this.clear();
  }

  /** Call before reading from the database; pass the token to `set`. */
  token(): number {
    return this.generation;
  }

  get(resource: string, id: string, scope: Scope): CachedRecord | undefined {
    if (!this.active) return undefined;
    const key = `${resource}:${id}`;
    const variants = this.records.get(key);
    const entry = variants?.get(scopeKey(scope));
    if (!variants || !entry) return undefined;
    if (entry.expires <= this.now()) {
      this.drop(key);
      return undefined;
    }
    // Least recently used goes first: move the record to the young end.
    this.records.delete(key);
    this.records.set(key, variants);
    return entry;
  }

  /** Stores a read, unless something was invalidated since `token` (the read may predate it). */
  set(resource: string, id: string, scope: Scope, record: CachedRecord, token: number): void {
    if (!this.active || token !== this.generation) return;
    const bytes = record.body.length + 160;
    if (bytes > this.maxBytes / 16) return;
    const key = `${resource}:${id}`;
    const now = this.now();
    const expires = Math.min(now + this.ttlMs, Math.floor(now / DAY_MS + 1) * DAY_MS);
    let variants = this.records.get(key);
    if (!variants) {
      variants = new Map();
      this.records.set(key, variants);
    }
    const sk = scopeKey(scope);
    const previous = variants.get(sk);
    if (previous) this.bytes -= previous.bytes;
    variants.set(sk, { ...record, bytes, expires });
    this.bytes += bytes;
    for (const [oldest] of this.records) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  invalidate(resource: string, id: string): void {
    this.generation++;
    this.drop(`${resource}:${id}`);
  }

  clear(): void {
    this.generation++;
    this.records.clear();
    this.bytes = 0;
  }

  private drop(key: string) {
    const variants = this.records.get(key);
    if (!variants) return;
    for (const entry of variants.values()) this.bytes -= entry.bytes;
    this.records.delete(key);
  }
}

/** What row-level security and the private-field rules depend on: the role and the provinces. */
function scopeKey(scope: Scope): string {
  return scope.provinces.length === 0 ? scope.role : `${scope.role}:${[...scope.provinces].sort().join(',')}`;
}

/**
 * The API process's cache, listening on the database behind `db` (both drivers can); inactive
 * when megabytes is 0 or the driver cannot LISTEN. `close` ends the subscription.
 */
export function openReadCache(db: unknown, megabytes: number): { cache: ReadCache; close(): Promise<void> } {
  const cache = new ReadCache({ maxBytes: megabytes * 2 ** 20 });
  const listener = listenerOf(db);
  if (megabytes === 0 || !listener) return { cache, close: async () => {} };
  const subscription = cache.subscribe(listener);
  return { cache, close: () => subscription.close() };
}
