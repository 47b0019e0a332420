import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MEETING_STATUSES } from '../../db/schema/index.js';
import { callerOf } from '../../plugins/auth.js';
import { idParams, page } from './events.schemas.js';
import { meetingPatchSchema, meetingResultSchema, meetingSchema } from './schedule.schemas.js';
import { createMeetingService } from './meetings.service.js';
import { contextOf, TAGS, WRITERS, type EventRouteDeps } from './route-kit.js';
import { meetingView } from './views.js';

const meetingParams = z.object({ id: z.uuid().describe('Event id.'), mid: z.uuid().describe('Meeting id.') });

/** The meetings of a schedule: list, lock, cancel, check in. */
export function meetingRoutes(deps: EventRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const service = createMeetingService({ db: app.database.db, hooks: deps.hooks });

    app.get(
      '/events/:id/meetings',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'listEventMeetings',
          tags: TAGS,
          summary: "The event's meetings in time order",
          params: idParams,
          querystring: z.strictObject({
            participantId: z.uuid().optional().describe('Only meetings this participant attends (as a side, expert or interpreter).'),
            sessionId: z.uuid().optional().describe('Only meetings in this session.'),
            status: z.enum(MEETING_STATUSES).optional().describe('Only meetings in this status.'),
            locationId: z.uuid().optional().describe('Only meetings at this table, booth or room.'),
            limit: z.coerce.number().int().min(1).max(500).default(100).describe('Page size, 1–500.'),
            cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters.'),
          }),
          response: { 200: page(meetingSchema, 'MeetingPage') },
        },
      },
      async (request) => {
        const result = await service.list(request.params.id, request.query, callerOf(request));
        return { items: result.items.map(meetingView), nextCursor: result.nextCursor };
      },
    );

    app.get(
      '/events/:id/meetings/:mid',
      {
        config: { access: WRITERS },
        schema: { operationId: 'getEventMeeting', tags: TAGS, summary: 'Read a meeting (the url of its webhook events)', params: meetingParams, response: { 200: meetingSchema } },
      },
      async (request) => meetingView(await service.get(request.params.id, request.params.mid, callerOf(request))),
    );

    app.patch(
      '/events/:id/meetings/:mid',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'updateEventMeeting',
          tags: TAGS,
          summary: 'Lock, unlock or cancel a meeting',
          description: 'A locked meeting keeps its slot and table when the schedule is re-run. Cancelling a published meeting tells both sides (meeting.changed) and repairs the schedule locally.',
          params: meetingParams,
          body: meetingPatchSchema,
          response: { 200: meetingSchema },
        },
      },
      async (request) => meetingView(await service.patch(request.params.id, request.params.mid, request.body, contextOf(request))),
    );

    app.post(
      '/events/:id/meetings/:mid/result',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'recordMeetingResult',
          tags: TAGS,
          summary: 'Check in a meeting: held, no-show or cancelled, with one side’s rating',
          description: "By the organiser or a side's own portal, once the schedule is published. Each side may send its own rating (1–5) and comment; sending again replaces it.",
          params: meetingParams,
          body: meetingResultSchema,
          response: { 200: meetingSchema },
        },
      },
      async (request) => meetingView(await service.result(request.params.id, request.params.mid, request.body, contextOf(request))),
    );
  };
}
