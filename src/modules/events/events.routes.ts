import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_STATUSES } from '../../db/schema/index.js';
import { problemSchema } from '../../http/problem.js';
import { callerOf } from '../../plugins/auth.js';
import { contextOf, TAGS, WRITERS } from './route-kit.js';
import { provinceCode } from '../registry/common.schemas.js';
import { eventCreateSchema, eventPatchSchema, eventSchema, idParams, page } from './events.schemas.js';
import { createEventService, etagOf } from './events.service.js';
import { meetingRoutes } from './meetings.routes.js';
import { requestRoutes } from './requests.routes.js';
import { createScheduleService } from './schedule.service.js';
import { scheduleRoutes } from './schedule.routes.js';
import { setupRoutes } from './setup.routes.js';
import { eventView } from './views.js';


/** /v1/events: matchmaking events, their setup, meeting requests, the schedule, agendas and exports. */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createEventService({ db: app.database.db });
  const schedules = createScheduleService({ db: app.database.db, queue: app.queue, log: app.log });
  const deps = { hooks: schedules.hooks, schedules };

  app.post(
    '/events',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'createEvent',
        tags: TAGS,
        summary: 'Create an event',
        description: 'The ministry creates events anywhere, a portal in its own provinces. The event starts in planning.',
        body: eventCreateSchema,
        response: { 201: eventSchema },
      },
    },
    async (request, reply) => {
      const row = await service.create(request.body, contextOf(request));
      return reply.code(201).header('location', `/v1/events/${row.id}`).header('etag', etagOf(row)).send(eventView(row));
    },
  );

  app.get(
    '/events',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'listEvents',
        tags: TAGS,
        summary: 'List events, newest first',
        querystring: z.strictObject({
          province: provinceCode.optional().describe('Only events of this province (pre-2025 codes roll up).'),
          status: z.enum(EVENT_STATUSES).optional().describe('Only events in this status.'),
          limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
          cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters.'),
        }),
        response: { 200: page(eventSchema, 'EventPage') },
      },
    },
    async (request) => {
      const result = await service.list(request.query);
      return { items: result.items.map(eventView), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/events/:id',
    {
      config: { access: WRITERS },
      schema: { operationId: 'getEvent', tags: TAGS, summary: 'Read an event', params: idParams, response: { 200: eventSchema } },
    },
    async (request, reply) => {
      const row = await service.get(request.params.id, callerOf(request));
      reply.header('etag', etagOf(row));
      return eventView(row);
    },
  );

  app.patch(
    '/events/:id',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'updateEvent',
        tags: TAGS,
        summary: 'Change an event or move it to its next status',
        description: 'Requires If-Match with the ETag read. A status change must follow the lifecycle (409 otherwise); final is reached only by publishing the schedule.',
        params: idParams,
        headers: z.object({ 'if-match': z.string().max(500).optional().describe('The ETag you read; * for any version.') }),
        body: eventPatchSchema,
        response: { 200: eventSchema, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await service.patch(request.params.id, request.body, request.headers['if-match'], contextOf(request));
      return reply.header('etag', etagOf(row)).send(eventView(row));
    },
  );

  await app.register(setupRoutes(deps));
  await app.register(requestRoutes(deps));
  await app.register(scheduleRoutes(deps));
  await app.register(meetingRoutes(deps));
};
