import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { negotiateLang } from './http/i18n.js';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './http/problem.js';
import type { Database } from './db/client.js';
import type { JobQueue } from './jobs/queue.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import etagPlugin from './plugins/etag.js';
import idempotencyPlugin from './plugins/idempotency.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import type { Redis } from 'ioredis';
import lifecyclePlugin from './plugins/lifecycle.js';
import queuesPlugin from './plugins/queues.js';
import swaggerPlugin from './plugins/swagger.js';
import healthRoutes from './modules/health/health.routes.js';
import systemRoutes from './modules/system/system.routes.js';
import referenceRoutes from './modules/reference/reference.routes.js';
import adminClientRoutes from './modules/access/clients.routes.js';
import auditRoutes from './modules/access/audit.routes.js';
import importRoutes from './modules/imports/imports.routes.js';
import webhookRoutes from './modules/webhooks/webhooks.routes.js';
import { registryRoutes } from './modules/registry/registry.routes.js';
import { openReadCache } from './modules/registry/read-cache.js';
import { resources } from './modules/registry/resources/index.js';
import { matchingRoutes } from './modules/matching/matching.routes.js';
import { eventRoutes } from './modules/events/events.routes.js';
import { outcomeRoutes } from './modules/outcomes/outcomes.routes.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { matchingSettings, type MatchingConfig } from './modules/matching/params.js';

export type AppConfig = Pick<
  Config,
  | 'BODY_LIMIT'
  | 'REQUEST_TIMEOUT_MS'
  | 'HEALTH_TIMEOUT_MS'
  | 'WORKER_HEARTBEAT_MS'
  | 'RATE_LIMIT_MINISTRY'
  | 'RATE_LIMIT_PORTAL'
  | 'RATE_LIMIT_READER'
  | 'RATE_LIMIT_ANONYMOUS'
  | 'REGISTRY_CACHE_MB'
  | 'WEBHOOK_ALLOW_LOOPBACK'
  | keyof MatchingConfig
>;

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface AppDeps {
  config: AppConfig;
  database: Database;
  queue: JobQueue;
  logger: Logger;
  /** Shared rate-limit counters; in-process counters without it. */
  redis?: Redis | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Builds the HTTP app from already-open dependencies. Never listens; the entrypoint does. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionTimeout: config.REQUEST_TIMEOUT_MS + 5_000,
    keepAliveTimeout: 72_000,
    // The lifecycle plugin answers requests during shutdown with a problem instead.
    return503OnClosing: false,
    // x-request-id is honoured when it looks like an id (no log injection), generated otherwise.
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // Errors the router raises before any hook runs (an undecodable URL, an over-long path
    // parameter) get the same problem+json as everything else.
    frameworkErrors: (error, request, reply) => {
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'MALFORMED_REQUEST';
      const body = buildProblem({
        code,
        lang: negotiateLang(request.headers['accept-language']),
        requestId: request.id,
        instance: (request.url.split('?')[0] ?? '/').slice(0, 200),
        detail: code === 'URI_TOO_LONG' ? { en: 'A path segment is too long', vi: 'Một phần của đường dẫn quá dài' } : { en: 'The URL cannot be decoded', vi: 'Không giải mã được đường dẫn' },
        specificCode: error.code,
      });
      void (reply as unknown as FastifyReply).code(body.status).header('x-request-id', request.id).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: anything else (text/plain included) is 415, not a string the schema rejects.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  await app.register(errorsPlugin);
  await app.register(lifecyclePlugin);
  await app.register(etagPlugin);
  await app.register(swaggerPlugin);
  await app.register(dbPlugin, { database: deps.database });
  await app.register(queuesPlugin, { queue: deps.queue });
  await app.register(authPlugin, { db: deps.database.db });
  await app.register(rateLimitPlugin, {
    perMinute: { ministry: config.RATE_LIMIT_MINISTRY, portal: config.RATE_LIMIT_PORTAL, reader: config.RATE_LIMIT_READER, anonymous: config.RATE_LIMIT_ANONYMOUS },
    redis: deps.redis,
  });
  await app.register(idempotencyPlugin, { db: deps.database.db });

  await app.register(healthRoutes, { timeoutMs: config.HEALTH_TIMEOUT_MS });
  await app.register(
    async (v1) => {
      await v1.register(systemRoutes, { heartbeatMs: config.WORKER_HEARTBEAT_MS });
      await v1.register(adminClientRoutes, { prefix: '/admin/clients' });
      await v1.register(auditRoutes, { prefix: '/admin/audit' });
      await v1.register(importRoutes, { prefix: '/imports' });
      await v1.register(webhookRoutes, { prefix: '/webhooks', allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK === 'true' });
      await v1.register(referenceRoutes, { prefix: '/reference' });
      const registryCache = openReadCache(deps.database.db, config.REGISTRY_CACHE_MB);
      v1.addHook('onClose', () => registryCache.close());
      for (const def of resources) {
        await v1.register(registryRoutes(def, { matchDebounceMs: config.MATCH_DEBOUNCE_MS, readCache: registryCache.cache }), { prefix: `/${def.name}` });
      }
      await v1.register(matchingRoutes(matchingSettings(config)));
      await v1.register(eventRoutes);
      await v1.register(outcomeRoutes);
      await v1.register(statsRoutes);
    },
    { prefix: '/v1' },
  );

  return app;
}
