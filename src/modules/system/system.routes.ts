import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_VERSION } from '../../version.js';
import { systemStatusSchema } from './system.schemas.js';
import { createSystemService } from './system.service.js';

const systemRoutes: FastifyPluginAsyncZod<{ heartbeatMs: number }> = async (app, { heartbeatMs }) => {
  const service = createSystemService({ db: app.database.db, heartbeatMs });

  app.get(
    '/system/status',
    {
      config: { access: { roles: ['ministry'] } },
      schema: {
        operationId: 'getSystemStatus',
        tags: ['system'],
        summary: 'Service status: drivers in use and live workers',
        description: 'Which database and queue drivers this API uses, and every worker process that has reported a heartbeat.',
        response: { 200: systemStatusSchema },
      },
    },
    async () => ({
      version: API_VERSION,
      database: { driver: app.database.driver },
      queue: { driver: app.queue.driver },
      workers: await service.workers(),
    }),
  );
};

export default systemRoutes;
