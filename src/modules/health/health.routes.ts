import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTimeout } from '../../lib/timeout.js';
import { problemSchema } from '../../http/problem.js';

const checkSchema = z.object({
  status: z.enum(['up', 'down']).describe('Whether the dependency answered within the health timeout.'),
  driver: z.string().describe('Which implementation is in use (postgres/embedded, bullmq/in-process).'),
});
const checksSchema = z
  .object({ database: checkSchema.describe('PostgreSQL (or the embedded database).'), queue: checkSchema.describe('The job queue (Redis, or in-process).') })
  .describe('Each dependency and its state.');

const readySchema = z.object({ status: z.literal('ready').describe('Every dependency answered.'), checks: checksSchema });
const notReadySchema = problemSchema.extend({
  checks: checksSchema.optional(),
});

/** Liveness (the process answers) and readiness (PostgreSQL and the queue answer). */
const healthRoutes: FastifyPluginAsyncZod<{ timeoutMs: number }> = async (app, { timeoutMs }) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok').describe('Always "ok" while the process serves requests.') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: the database and the job queue answer',
        description: 'Answers 503 with a problem (and which dependency is down) when one does not answer within the health timeout, or while the server drains.',
        response: { 200: readySchema, 503: notReadySchema },
      },
    },
    async (request, reply) => {
      const probe = async (fn: () => Promise<void>, what: string) => {
        try {
          await withTimeout(fn(), timeoutMs, what);
          return 'up' as const;
        } catch (err) {
          request.log.warn({ err }, `${what} is down`);
          return 'down' as const;
        }
      };
      const [database, queue] = await Promise.all([
        probe(() => app.database.ping(), 'database'),
        probe(() => app.queue.ping(), 'queue'),
      ]);
      const checks = {
        database: { status: database, driver: app.database.driver },
        queue: { status: queue, driver: app.queue.driver },
      };
      if (database === 'up' && queue === 'up') return reply.send({ status: 'ready' as const, checks });
      const down = Object.entries(checks)
        .filter(([, c]) => c.status === 'down')
        .map(([name]) => name)
        .join(', ');
      reply.header('retry-after', '5');
      return reply.problem('SERVICE_UNAVAILABLE', {
        specificCode: 'NOT_READY',
        extra: { checks },
        detail: { en: `Not ready: ${down} unavailable`, vi: `Chưa sẵn sàng: ${down} không khả dụng` },
      });
    },
  );
};

export default healthRoutes;
