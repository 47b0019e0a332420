import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../plugins/auth.js';
import { availabilitySchema, idParams, locationCreateSchema, locationSchema, participantCreateSchema, participantSchema, sessionCreateSchema, sessionSchema } from './events.schemas.js';
import { contextOf, TAGS, WRITERS, type EventRouteDeps } from './route-kit.js';
import { createSetupService } from './setup.service.js';
import { locationView, participantView, sessionView } from './views.js';

const list = <T extends z.ZodType>(item: T, id: string, what: string) => z.object({ items: z.array(item).describe(what) }).meta({ id, description: what });

/** Sessions, locations, participants and their availability. */
export function setupRoutes(deps: EventRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const service = createSetupService({ db: app.database.db, onAvailabilityChange: (event, ctx) => deps.hooks.repair(event, 'availability', ctx) });

    app.post(
      '/events/:id/sessions',
      {
        config: { access: WRITERS },
        schema: { operationId: 'createEventSession', tags: TAGS, summary: 'Add a session of meeting slots', description: 'Only before the schedule is published.', params: idParams, body: sessionCreateSchema, response: { 201: sessionSchema } },
      },
      async (request, reply) => reply.code(201).send(sessionView(await service.addSession(request.params.id, request.body, contextOf(request)))),
    );

    app.get(
      '/events/:id/sessions',
      { config: { access: WRITERS }, schema: { operationId: 'listEventSessions', tags: TAGS, summary: "The event's sessions in time order", params: idParams, response: { 200: list(sessionSchema, 'EventSessionList', 'Sessions in time order.') } } },
      async (request) => ({ items: (await service.sessions(request.params.id, callerOf(request))).map(sessionView) }),
    );

    app.post(
      '/events/:id/locations',
      {
        config: { access: WRITERS },
        schema: { operationId: 'createEventLocation', tags: TAGS, summary: 'Add a table, booth or online room', params: idParams, body: locationCreateSchema, response: { 201: locationSchema } },
      },
      async (request, reply) => reply.code(201).send(locationView(await service.addLocation(request.params.id, request.body, contextOf(request)))),
    );

    app.get(
      '/events/:id/locations',
      { config: { access: WRITERS }, schema: { operationId: 'listEventLocations', tags: TAGS, summary: "The event's tables, booths and online rooms", params: idParams, response: { 200: list(locationSchema, 'EventLocationList', 'Locations by label.') } } },
      async (request) => ({ items: (await service.locations(request.params.id, callerOf(request))).map(locationView) }),
    );

    app.post(
      '/events/:id/participants',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'createEventParticipant',
          tags: TAGS,
          summary: 'Register an organisation or expert',
          description: 'Supply and demand participants are organisations (with the offers or demands they bring); expert participants join meetings as experts or interpreters.',
          params: idParams,
          body: participantCreateSchema,
          response: { 201: participantSchema },
        },
      },
      async (request, reply) => reply.code(201).send(participantView(await service.addParticipant(request.params.id, request.body, contextOf(request)))),
    );

    app.get(
      '/events/:id/participants',
      { config: { access: WRITERS }, schema: { operationId: 'listEventParticipants', tags: TAGS, summary: "The event's participants", params: idParams, response: { 200: list(participantSchema, 'EventParticipantList', 'Participants in registration order.') } } },
      async (request) => ({ items: (await service.participants(request.params.id, callerOf(request))).map(participantView) }),
    );

    app.put(
      '/events/:id/participants/:pid/availability',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'setParticipantAvailability',
          tags: TAGS,
          summary: "Replace a participant's blocked slots",
          description: "The organiser or the participant's own portal. After publication the schedule is repaired around the new blocked slots.",
          params: z.object({ id: z.uuid().describe('Event id.'), pid: z.uuid().describe('Participant id.') }),
          body: availabilitySchema,
          response: { 200: participantSchema },
        },
      },
      async (request) => participantView(await service.setAvailability(request.params.id, request.params.pid, request.body.blocked, contextOf(request))),
    );
  };
}
