import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REQUEST_STATUSES } from '../../db/schema/index.js';
import { callerOf } from '../../plugins/auth.js';
import { idParams } from './events.schemas.js';
import { pullResultSchema, requestCreateSchema, requestDecisionSchema, requestSchema } from './schedule.schemas.js';
import { createRequestService } from './requests.service.js';
import { contextOf, TAGS, WRITERS, type EventRouteDeps } from './route-kit.js';
import { requestView } from './views.js';

/** Meeting requests: pulled from mutually accepted proposals, or asked for ad hoc. */
export function requestRoutes(deps: EventRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const service = createRequestService({ db: app.database.db, hooks: deps.hooks });

    app.post(
      '/events/:id/requests/from-proposals',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'pullMeetingRequests',
          tags: TAGS,
          summary: 'Turn mutually accepted proposals into meeting requests',
          description:
            'Every mutually accepted proposal whose supplier and enterprise are registered (with that offer and demand, or with all of theirs) becomes an accepted request, priority from its score, with a suggested expert who is registered. A pair gets one request per event; pulling again adds only new pairs.',
          params: idParams,
          response: { 200: pullResultSchema },
        },
      },
      async (request) => service.pullFromProposals(request.params.id, contextOf(request)),
    );

    app.post(
      '/events/:id/requests',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'createMeetingRequest',
          tags: TAGS,
          summary: 'Ask another participant for a meeting',
          description: "By the organiser or the requester's own portal. The other side accepts or declines. A pair meets at most once per event (409 otherwise).",
          params: idParams,
          body: requestCreateSchema,
          response: { 201: requestSchema },
        },
      },
      async (request, reply) => reply.code(201).send(requestView(await service.create(request.params.id, request.body, contextOf(request)))),
    );

    app.get(
      '/events/:id/requests',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'listMeetingRequests',
          tags: TAGS,
          summary: "The event's meeting requests, highest priority first",
          params: idParams,
          querystring: z.strictObject({
            status: z.enum(REQUEST_STATUSES).optional().describe('Only requests in this status.'),
            participantId: z.uuid().optional().describe('Only requests with this participant as a side.'),
          }),
          response: { 200: z.object({ items: z.array(requestSchema).describe('Requests (at most 5,000).') }).meta({ id: 'MeetingRequestList', description: 'Meeting requests.' }) },
        },
      },
      async (request) => ({ items: (await service.list(request.params.id, request.query, callerOf(request))).map(requestView) }),
    );

    app.post(
      '/events/:id/requests/:rid/decision',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'decideMeetingRequest',
          tags: TAGS,
          summary: "Record one side's decision on a meeting request",
          description:
            'accept / decline: the side asked, on an ad-hoc request. must_meet / no_thanks: either side, on an accepted request (no_thanks withdraws it and cancels its meeting). After publication an acceptance or a withdrawal repairs the schedule.',
          params: z.object({ id: z.uuid().describe('Event id.'), rid: z.uuid().describe('Request id.') }),
          body: requestDecisionSchema,
          response: { 200: requestSchema },
        },
      },
      async (request) => requestView(await service.decide(request.params.id, request.params.rid, request.body, contextOf(request))),
    );
  };
}
