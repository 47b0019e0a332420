import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { AppError } from '../http/errors.js';
import { BatchedRedisStore, LocalRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import type { Caller, Role } from '../modules/access/caller.js';

export interface RateLimits {
  /** Requests per minute for each role, and for callers without a key (per IP). */
  perMinute: Record<Role | 'anonymous', number>;
  /** Shared counters across API processes; in-process counters without it. */
  redis?: Redis | undefined;
}

/** Fixed windows of one minute, starting with a client's first request. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** "59 seconds", "1 minute": how the 429's detail says when to retry. */
export function retryIn(ms: number): string {
  const [unit, size] = ms < 1_000 ? ['ms', 1] : ms < 60_000 ? ['second', 1_000] : ms < 3_600_000 ? ['minute', 60_000] : ['hour', 3_600_000];
  const n = Math.round(ms / (size as number));
  return unit === 'ms' ? `${n} ms` : `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The counter key of a client: the same string object for the same caller (its hash is computed once). */
const clientKeys = new WeakMap<Caller, string>();
function keyOf(request: FastifyRequest): string {
  const caller = request.caller;
  if (!caller?.clientId) return `ip:${request.ip}`;
  let key = clientKeys.get(caller);
  if (key === undefined) {
    key = `client:${caller.clientId}`;
    clientKeys.set(caller, key);
  }
  return key;
}

/**
 * Per-client rate limits (per IP without a key), configurable per role, on every /v1 route;
 * counters in Redis when Redis is configured, without a round trip per request far from the limit
 * (BatchedRedisStore). Every limited response carries X-RateLimit-Limit, -Remaining and -Reset
 * (seconds to the window's end); over the limit: 429 problem+json with Retry-After. If Redis cannot
 * be reached, requests are let through rather than failed: availability over accounting.
 *
 * A callback hook on the routes themselves (what @fastify/rate-limit did, with the same headers and
 * answers): far from the limit the store answers at once, so a request passes without a promise.
 */
export default fp<RateLimits>(
  async (app, limits) => {
    const store: RateLimitStore = limits.redis ? new BatchedRedisStore(limits.redis, 'ketnoi-rate-limit:') : new LocalRateLimitStore();
    app.addHook('onClose', () => store.close());

    const limit = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const max = limits.perMinute[request.caller?.role ?? 'anonymous'];
      store.incr(
        keyOf(request),
        (err, result) => {
          // A store error counts nothing (skipOnError): the request goes on with a full budget.
          const current = err || !result ? 0 : result.current;
          const reset = err || !result ? 0 : Math.ceil(result.ttl / 1_000);
          reply.header('x-ratelimit-limit', max);
          reply.header('x-ratelimit-remaining', Math.max(0, max - current));
          reply.header('x-ratelimit-reset', reset);
          if (current <= max) return done();
          const after = retryIn(reset * 1_000);
          done(
            new AppError(
              'TOO_MANY_REQUESTS',
              { en: `More than ${max} requests a minute; retry in ${after}`, vi: `Vượt quá ${max} yêu cầu mỗi phút; thử lại sau ${after}` },
              { headers: { 'retry-after': String(Math.max(1, reset)) } },
            ),
          );
        },
        RATE_LIMIT_WINDOW_MS,
        max,
      );
    };

    // After authentication (preHandler), so the limit follows the client, not the address; only on
    // /v1 routes (the probes, docs and unknown paths are never limited).
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/v1')) return;
      route.preHandler = [...hooksOf(route.preHandler), limit] as typeof route.preHandler;
    });
  },
  { name: 'rate-limit', dependencies: ['errors', 'auth'] },
);

const hooksOf = (hooks: unknown): unknown[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);
