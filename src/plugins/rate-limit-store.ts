import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, result: Result | null) => void;

/** A fixed-window counter: `cb` gets the key's count in its window (this request included) and the window's remaining ms. */
export interface RateLimitStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  close(): Promise<void>;
}

/**
 * Counters in this process alone (no Redis configured): a fixed window per key from its first
 * request, at most `capacity` keys (the least recently counted goes first). Answers at once.
 */
export class LocalRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { current: number; startedAt: number }>();

  constructor(
    private readonly capacity = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (window) this.windows.delete(key);
    if (!window || window.startedAt + timeWindow <= now) window = { current: 0, startedAt: now };
    window.current++;
    this.windows.set(key, window);
    if (this.windows.size > this.capacity) {
      const [oldest] = this.windows.keys();
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    cb(null, { current: window.current, ttl: window.startedAt + timeWindow - now });
  }

  async close(): Promise<void> {}
}

/** INCRBY for a batch of requests; the window starts with the key's first request. */
const INCR_BY = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
if current == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {current, ttl}`;

interface Counter {
  /** The shared count Redis last reported. */
  known: number;
  /** Requests counted here and not yet sent to Redis. */
  pending: number;
  /** Requests sent in the batch now in flight. */
  sending: number;
  /** When the window ends (Redis' TTL as last reported). */
  endsAt: number;
  windowMs: number;
}

export interface BatchedStoreOptions {
  /** How often counts made here are added to Redis (and others' counts learnt). */
  flushMs?: number;
  now?: () => number;
}

/**
 * A fixed-window rate-limit store (the interface @fastify/rate-limit once used), counted in Redis,
 * without a Redis round trip on every request: far from the limit a request is counted here and
 * the counts are added to Redis in one pipeline every `flushMs`, which also brings back what other
 * API processes counted. A client's first request in a window, and every request once its count is
 * within 10 % (at least 50 requests) of its limit, goes to Redis at once, so a limit is enforced as
 * exactly as with one round trip per request; further from it, another process's requests are
 * seen at most `flushMs` late. When Redis fails, requests are counted here alone and the error is
 * reported to the plugin (which lets them through: skipOnError).
 */
export class BatchedRedisStore implements RateLimitStore {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private readonly flushMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: BatchedStoreOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 25;
    this.now = options.now ?? Date.now;
    if (!(redis as unknown as { ketnoiIncrBy?: unknown }).ketnoiIncrBy) redis.defineCommand('ketnoiIncrBy', { numberOfKeys: 1, lua: INCR_BY });
  }

  private incrBy(key: string, n: number, windowMs: number): Promise<[number, number]> {
    return (this.redis as unknown as { ketnoiIncrBy(k: string, n: number, w: number): Promise<[number, number]> }).ketnoiIncrBy(this.prefix + key, n, windowMs);
  }

  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    const now = this.now();
    let counter = this.counters.get(key);
    if (counter && counter.endsAt <= now && counter.pending === 0 && counter.sending === 0) {
      this.counters.delete(key);
      counter = undefined;
    }
    const slack = Math.max(50, Math.ceil(max / 10));
    if (!counter || counter.known + counter.pending + counter.sending + 1 > max - slack) {
      // Exact: the shared count decides (this request and any not yet sent from here).
      const local = counter;
      const n = (local?.pending ?? 0) + 1;
      if (local) {
        local.sending += n;
        local.pending = 0;
      }
      this.incrBy(key, n, timeWindow).then(
        ([current, ttl]) => {
          const c = this.counters.get(key) ?? { known: 0, pending: 0, sending: 0, endsAt: 0, windowMs: timeWindow };
          if (local) local.sending -= n;
          c.known = Math.max(c.known, current);
          c.endsAt = this.now() + ttl;
          this.counters.set(key, c);
          cb(null, { current, ttl });
        },
        (err: Error) => {
          if (local) {
            local.sending -= n;
            local.pending += n;
          }
          cb(err, null);
        },
      );
      return;
    }
    counter.pending++;
    this.schedule();
    cb(null, { current: counter.known + counter.pending + counter.sending, ttl: Math.max(0, counter.endsAt - now) });
  }

  private schedule() {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Adds the counts made here to Redis in one pipeline and learns the shared totals. */
  async flush(): Promise<void> {
    this.timer = undefined;
    if (this.flushing) return;
    this.flushing = true;
    const batch = [...this.counters].filter(([, c]) => c.pending > 0);
    for (const [, c] of batch) {
      c.sending += c.pending;
      c.pending = 0;
    }
    try {
      const pipeline = this.redis.pipeline();
      for (const [key, c] of batch) (pipeline as unknown as { ketnoiIncrBy(k: string, n: number, w: number): void }).ketnoiIncrBy(this.prefix + key, c.sending, c.windowMs);
      const results = (await pipeline.exec()) ?? [];
      batch.forEach(([, c], i) => {
        const [err, value] = results[i] ?? [new Error('no reply'), null];
        const sent = c.sending;
        c.sending = 0;
        if (err || !Array.isArray(value)) {
          c.pending += sent;
          return;
        }
        const [current, ttl] = value as [number, number];
        c.known = current;
        c.endsAt = this.now() + ttl;
      });
    } catch {
      for (const [, c] of batch) {
        c.pending += c.sending;
        c.sending = 0;
      }
    } finally {
      this.flushing = false;
      if ([...this.counters.values()].some((c) => c.pending > 0)) this.schedule();
      if (this.counters.size > 10_000) {
        const now = this.now();
        for (const [key, c] of this.counters) if (c.endsAt <= now && c.pending === 0 && c.sending === 0) this.counters.delete(key);
      }
    }
  }

  /** Stops the timer; counts not yet flushed are sent once more. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => {});
  }

  child(): BatchedRedisStore {
    return this;
  }
}
