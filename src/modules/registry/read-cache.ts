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
  /** The scope key it was read under. */
  scope: string;
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
  /**
   * Every cached record (all its scopes' copies) by resource, then id, also linked in reading
   * order for eviction. Keyed by the id itself, not "<resource>:<id>": hashing a string built per
   * request costs more than the rest of a hit.
   */
  private readonly tables = new Map<string, Map<string, Holder>>();
  private count = 0;
  /** The least recently read record (evicted first) and the most recent one. */
  private oldest: Holder | undefined;
  private youngest: Holder | undefined;
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
    return { records: this.count, bytes: this.bytes };
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
    const holder = this.tables.get(resource)?.get(id);
    if (!holder) return undefined;
    const entry = variantOf(holder, scopeKey(scope));
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.drop(holder);
      return undefined;
    }
    // Least recently read goes first: the record moves to the young end of the list. (Not by
    // deleting and re-adding it in the map: on a map of 100,000 records that costs microseconds.)
    this.unlink(holder);
    this.link(holder);
    return entry;
  }

  /** Stores a read, unless something was invalidated since `token` (the read may predate it). */
  set(resource: string, id: string, scope: Scope, record: CachedRecord, token: number): void {
    if (!this.active || token !== this.generation) return;
    const bytes = record.body.length + 160;
    if (bytes > this.maxBytes / 16) return;
    const now = this.now();
    const expires = Math.min(now + this.ttlMs, Math.floor(now / DAY_MS + 1) * DAY_MS);
    let table = this.tables.get(resource);
    if (!table) {
      table = new Map();
      this.tables.set(resource, table);
    }
    let holder = table.get(id);
    if (holder) this.unlink(holder);
    else {
      holder = { table, id, variants: [], older: undefined, younger: undefined };
      table.set(id, holder);
      this.count++;
    }
    this.link(holder);
    const sk = scopeKey(scope);
    const entry: Entry = { body: record.body, etag: record.etag, scope: sk, bytes, expires };
    const previous = holder.variants.findIndex((v) => v.scope === sk);
    if (previous >= 0) {
      this.bytes -= (holder.variants[previous] as Entry).bytes;
      holder.variants[previous] = entry;
    } else holder.variants.push(entry);
    this.bytes += bytes;
    while (this.bytes > this.maxBytes && this.oldest) this.drop(this.oldest);
  }

  invalidate(resource: string, id: string): void {
    this.generation++;
    const holder = this.tables.get(resource)?.get(id);
    if (holder) this.drop(holder);
  }

  clear(): void {
    this.generation++;
    this.tables.clear();
    this.count = 0;
    this.oldest = undefined;
    this.youngest = undefined;
    this.bytes = 0;
  }

  private drop(holder: Holder) {
    for (const entry of holder.variants) this.bytes -= entry.bytes;
    if (holder.table.get(holder.id) === holder) {
      holder.table.delete(holder.id);
      this.count--;
    }
    this.unlink(holder);
  }

  private unlink(holder: Holder) {
    if (holder.older) holder.older.younger = holder.younger;
    else if (this.oldest === holder) this.oldest = holder.younger;
    if (holder.younger) holder.younger.older = holder.older;
    else if (this.youngest === holder) this.youngest = holder.older;
    holder.older = undefined;
    holder.younger = undefined;
  }

  private link(holder: Holder) {
    holder.older = this.youngest;
    if (this.youngest) this.youngest.younger = holder;
    this.youngest = holder;
    this.oldest ??= holder;
  }
}

/** A record's copies, one per scope, and its place in the reading order. */
interface Holder {
  table: Map<string, Holder>;
  id: string;
  /** Usually one or two: a short array is cheaper to search than a map. */
  variants: Entry[];
  older: Holder | undefined;
  younger: Holder | undefined;
}

function variantOf(holder: Holder, scope: string): Entry | undefined {
  const variants = holder.variants;
  for (let i = 0; i < variants.length; i++) if ((variants[i] as Entry).scope === scope) return variants[i];
  return undefined;
}

/** Scope keys of the scope objects seen (an authenticated caller is the same object from request to request). */
const scopeKeys = new WeakMap<Scope, string>();

/** What row-level security and the private-field rules depend on: the role and the provinces. */
function scopeKey(scope: Scope): string {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = scope.provinces.length === 0 ? scope.role : `${scope.role}:${[...scope.provinces].sort().join(',')}`;
    // Only frozen scopes can be remembered: a mutable one could change after its key was taken.
    if (Object.isFrozen(scope) && Object.isFrozen(scope.provinces)) scopeKeys.set(scope, key);
  }
  return key;
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
