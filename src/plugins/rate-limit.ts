import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { AppError } from '../http/errors.js';
import { BatchedRedisStore } from './rate-limit-store.js';
import type { Role } from '../modules/access/caller.js';

export interface RateLimits {
  /** Requests per minute for each role, and for callers without a key (per IP). */
  perMinute: Record<Role | 'anonymous', number>;
  /** Shared counters across API processes; in-process counters without it. */
  redis?: Redis | undefined;
}

/**
 * Per-client rate limits (per IP without a key), configurable per role; counters in Redis when
 * Redis is configured, without a round trip per request far from the limit (BatchedRedisStore).
 * Over the limit: 429 problem+json with Retry-After. If Redis cannot be reached, requests are let
 * through rather than failed: availability over accounting.
 */
export default fp<RateLimits>(
  async (app, limits) => {
    const store = limits.redis ? new BatchedRedisStore(limits.redis, 'ketnoi-rate-limit:') : undefined;
    if (store) app.addHook('onClose', () => store.close());
    await app.register(rateLimit, {
      global: true,
      // After authentication, so the limit follows the client, not the address.
      hook: 'preHandler',
      timeWindow: 60_000,
      max: (request) => limits.perMinute[request.caller?.role ?? 'anonymous'],
      keyGenerator: (request) => (request.caller?.clientId ? `client:${request.caller.clientId}` : `ip:${request.ip}`),
      allowList: (request) => !request.routeOptions.url?.startsWith('/v1'),
      // Counted in Redis, batched far from a client's limit (see rate-limit-store.ts).
      ...(store && { store: function Store() { return store; } as unknown as never }),
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'TOO_MANY_REQUESTS',
          { en: `More than ${context.max} requests a minute; retry in ${context.after}`, vi: `Vượt quá ${context.max} yêu cầu mỗi phút; thử lại sau ${context.after}` },
          { headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) } },
        ),
    });
  },
  { name: 'rate-limit', dependencies: ['errors', 'auth'] },
);
