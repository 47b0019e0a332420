import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { eventParticipants } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';
import { isoDateTime } from '../../http/schemas.js';
import { callerOf } from '../../plugins/auth.js';
import { toCsv, toXlsx } from '../registry/export.js';
import { loadEvent } from './access.js';
import { agendaCalendar, agendaOf, scheduleColumns } from './agenda.js';
import { eventSchema, idParams } from './events.schemas.js';
import { scheduleBodySchema, scheduleRunSchema } from './schedule.schemas.js';
import { createMeetingService, participantNames } from './meetings.service.js';
import { contextOf, TAGS, WRITERS, type EventRouteDeps } from './route-kit.js';
import { eventView, runView } from './views.js';

const person = z.object({ participantId: z.uuid().describe('Participant id.'), side: z.string().describe('supply, demand or expert.'), name: z.string().describe('Organisation or expert name.') });
const agendaSchema = z
  .object({
    eventId: z.uuid().describe('The event.'),
    participantId: z.uuid().describe('Whose agenda.'),
    timeZone: z.string().describe("The event's time zone."),
    meetings: z
      .array(
        z.object({
          meetingId: z.uuid().describe('Meeting id.'),
          status: z.string().describe('tentative, confirmed, held or no_show.'),
          sessionId: z.uuid().describe('Session.'),
          slot: z.number().int().describe('Slot index across the event.'),
          startsAt: isoDateTime.describe('Start.'),
          endsAt: isoDateTime.describe('End.'),
          localStart: z.string().describe('Start as wall-clock time in the event’s zone (YYYY-MM-DD HH:mm).'),
          localEnd: z.string().describe('End as wall-clock time in the event’s zone.'),
          mode: z.string().describe('onsite or online.'),
          location: z.string().nullable().describe('Table, booth or room label.'),
          onlineLink: z.string().nullable().describe('Link of an online meeting.'),
          with: person.describe('The other side.'),
          experts: z.array(person).describe('Everyone else present: experts and interpreters (for an expert’s own agenda, also the second side).'),
        }),
      )
      .describe('Meetings in time order (cancelled ones left out).'),
  })
  .meta({ id: 'Agenda', description: "A participant's agenda." });

/** The schedule: runs, publication, agendas (JSON and iCalendar) and the organiser's export. */
export function scheduleRoutes(deps: EventRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = app.database;
    const meetings = createMeetingService({ db, hooks: deps.hooks });

    app.post(
      '/events/:id/schedule',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'scheduleEvent',
          tags: TAGS,
          summary: 'Queue a scheduler run',
          description:
            'Answers 202 with the queued run. The worker gives every accepted request a session, slot and table (or an online room): nobody twice at once, blocked slots kept free, one meeting per table and slot, meeting limits held, locked meetings left where they are; most priority placed first, then fewest idle gaps. The result is provisional until published.',
          params: idParams,
          body: scheduleBodySchema.optional().default({ timeBudgetMs: 2_000, fairness: 2, seed: 1 }),
          response: { 202: scheduleRunSchema },
        },
      },
      async (request, reply) => {
        const run = await deps.schedules.schedule(request.params.id, request.body ?? { timeBudgetMs: 2_000, fairness: 2, seed: 1 }, contextOf(request));
        return reply.code(202).header('location', `/v1/events/${request.params.id}/schedule`).send(runView(run));
      },
    );

    app.get(
      '/events/:id/schedule',
      {
        config: { access: WRITERS },
        schema: { operationId: 'getEventSchedule', tags: TAGS, summary: 'The latest scheduler run: status, placed, gaps, unplaced requests with reasons', params: idParams, response: { 200: scheduleRunSchema } },
      },
      async (request) => runView(await deps.schedules.latest(request.params.id, callerOf(request))),
    );

    app.post(
      '/events/:id/schedule/publish',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'publishEventSchedule',
          tags: TAGS,
          summary: 'Publish the provisional schedule as final',
          description: 'Tentative meetings become confirmed and the event final; participants’ provinces get meeting.scheduled webhooks. Later changes repair the schedule locally.',
          params: idParams,
          response: { 200: eventSchema },
        },
      },
      async (request) => eventView(await deps.schedules.publish(request.params.id, contextOf(request))),
    );

    app.get(
      '/events/:id/schedule/export',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'exportEventSchedule',
          tags: TAGS,
          summary: "The organiser's full schedule as CSV or XLSX",
          description: 'One row per meeting in time order, with the table, both sides, experts and times in the event’s zone. Cells that could run as formulas are neutralised.',
          params: idParams,
          querystring: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv').describe('csv (UTF-8 with BOM) or xlsx.') }),
          response: { 200: z.string().describe('The file.') },
        },
      },
      async (request, reply) => {
        const event = await loadEvent(db, request.params.id, callerOf(request), 'manage');
        const rows = await meetings.all(event.id);
        const columns = scheduleColumns(event, await participantNames(db, event.id));
        const data = rows as unknown as Record<string, unknown>[];
        if (request.query.format === 'xlsx') {
          return reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="ketnoi-event-${event.id}.xlsx"`)
            .send((await toXlsx('schedule', columns, data)) as unknown as string);
        }
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ketnoi-event-${event.id}.csv"`).send(toCsv(columns, data));
      },
    );

    app.get(
      '/events/:id/participants/:pid/agenda',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'getParticipantAgenda',
          tags: TAGS,
          summary: "A participant's agenda, as JSON or an iCalendar (.ics) file",
          description: 'JSON by default; with Accept: text/calendar or format=ics an RFC 5545 calendar in the event’s time zone (table or online link as LOCATION, the other side in SUMMARY, the experts in DESCRIPTION).',
          params: z.object({ id: z.uuid().describe('Event id.'), pid: z.uuid().describe('Participant id.') }),
          querystring: z.strictObject({ format: z.enum(['json', 'ics']).optional().describe('json or ics; without it, the Accept header decides.') }),
          response: { 200: agendaSchema },
        },
      },
      async (request, reply) => {
        const event = await loadEvent(db, request.params.id, callerOf(request), 'read');
        const [participant] = await db.select({ id: eventParticipants.id }).from(eventParticipants).where(and(eq(eventParticipants.id, request.params.pid), eq(eventParticipants.eventId, event.id)));
        if (!participant) throw notFound({ en: 'Participant', vi: 'người tham dự' }, request.params.pid, 'PARTICIPANT_NOT_FOUND');
        const rows = await meetings.all(event.id, participant.id);
        const agenda = agendaOf(event, participant.id, rows, await participantNames(db, event.id));
        const ics = request.query.format === 'ics' || (request.query.format === undefined && /text\/calendar/.test(request.headers.accept ?? ''));
        if (!ics) return agenda;
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="agenda-${participant.id}.ics"`)
          .send(agendaCalendar(event, agenda, rows) as unknown as z.output<typeof agendaSchema>);
      },
    );
  };
}
