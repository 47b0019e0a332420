import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf } from '../../plugins/auth.js';
import { statsQuerySchema, statsSchema } from './stats.schemas.js';
import { createStatsService } from './stats.service.js';
import { statsWorkbook } from './stats.xlsx.js';

/** GET /v1/stats: the programme's figures for the ministry and the provinces, as JSON or a spreadsheet. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createStatsService({ db: app.database.db });

  app.get(
    '/stats',
    {
      config: { access: { roles: ['ministry', 'portal'] } },
      schema: {
        operationId: 'getStats',
        tags: ['outcomes'],
        summary: 'Programme statistics: demands, supply, experts, proposals, meetings, MoUs, contracts and the funnel',
        description:
          'Counts and sums grouped by any of province, technology field, period, event and connection point, with the funnel rates. A connection between two provinces counts under each; archived records count. A portal gets its own provinces’ figures and the national ones; the ministry sees all. format=xlsx returns the same tables as a spreadsheet with Vietnamese headers.',
        querystring: statsQuerySchema,
        response: { 200: statsSchema },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const result = await service.stats(query, callerOf(request));
      if (format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="ketnoi-thong-ke.xlsx"')
          .send((await statsWorkbook(result)) as unknown as typeof result);
      }
      return result;
    },
  );
};
