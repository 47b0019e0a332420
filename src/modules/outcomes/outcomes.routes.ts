import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../../http/problem.js';
import { callerOf } from '../../plugins/auth.js';
import type { ActionContext } from '../access/caller.js';
import type { HistoryRow, OutcomeRow } from './outcomes.repository.js';
import { historySchema, idParams, outcomeCreateSchema, outcomePatchSchema, outcomeQuerySchema, outcomeSchema, page } from './outcomes.schemas.js';
import { createOutcomeService, etagOf } from './outcomes.service.js';

const WRITERS = { roles: ['ministry', 'portal'] } as const;
const TAGS = ['outcomes'];
const contextOf = (request: FastifyRequest): ActionContext => ({ caller: callerOf(request), requestId: request.id });
const ifMatchHeader = z.object({ 'if-match': z.string().max(500).optional().describe('The ETag you read; * for any version.') });

/** Responses are allow-lists: no client ids, no archive marker. */
export const outcomeView = (r: OutcomeRow) => ({
  id: r.id,
  proposalId: r.proposalId,
  meetingId: r.meetingId,
  eventId: r.eventId,
  offerId: r.offerId,
  demandId: r.demandId,
  supplyOrganizationId: r.supplyOrganizationId,
  demandOrganizationId: r.demandOrganizationId,
  supplyProvince: r.supplyProvince,
  supplyCurrentProvince: r.supplyCurrentProvince,
  demandProvince: r.demandProvince,
  demandCurrentProvince: r.demandCurrentProvince,
  fields: r.fields,
  connectionPoint: r.connectionPoint,
  stage: r.stage,
  stageDate: r.stageDate,
  furthestStage: r.furthestStage,
  mouOn: r.mouOn,
  contractOn: r.contractOn,
  dealType: r.dealType as z.output<typeof outcomeSchema>['dealType'],
  transferForms: r.transferForms as z.output<typeof outcomeSchema>['transferForms'],
  transferMethods: r.transferMethods as z.output<typeof outcomeSchema>['transferMethods'],
  valueVnd: r.valueVnd,
  documents: r.documents,
  note: r.note,
  reportedSide: r.reportedSide,
  reportedByName: r.reportedByName,
  verifiedAt: r.verifiedAt,
  verifiedByName: r.verifiedByName,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const historyView = (r: HistoryRow) => ({ id: r.id, outcomeId: r.outcomeId, fromStage: r.fromStage, toStage: r.toStage, stageDate: r.stageDate, valueVnd: r.valueVnd, note: r.note, clientName: r.clientName, changedAt: r.changedAt });

/** /v1/outcomes: the ledger of what followed the connections, reported by the portals and verified by the ministry. */
export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createOutcomeService({ db: app.database.db, queue: app.queue, log: app.log });

  app.post(
    '/outcomes',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'createOutcome',
        tags: TAGS,
        summary: 'Report an outcome (follow-up, NDA, MoU, contract, …)',
        description:
          'Link it to a held meeting, a proposal, an offer and/or a demand; the rest is filled in from them (both organisations, their provinces, the event, the fields). A portal reports only for the side in its provinces; a held meeting has at most one outcome (409).',
        body: outcomeCreateSchema,
        response: { 201: outcomeSchema },
      },
    },
    async (request, reply) => {
      const row = await service.create(request.body, contextOf(request));
      return reply.code(201).header('location', `/v1/outcomes/${row.id}`).header('etag', etagOf(row)).send(outcomeView(row));
    },
  );

  app.get(
    '/outcomes',
    {
      config: { access: WRITERS },
      schema: { operationId: 'listOutcomes', tags: TAGS, summary: 'List outcomes, newest first', description: 'A portal sees the outcomes with a side in its provinces.', querystring: outcomeQuerySchema, response: { 200: page(outcomeSchema, 'OutcomePage') } },
    },
    async (request) => {
      const result = await service.list(request.query, callerOf(request));
      return { items: result.items.map(outcomeView), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/outcomes/:id',
    { config: { access: WRITERS }, schema: { operationId: 'getOutcome', tags: TAGS, summary: 'Read an outcome', params: idParams, response: { 200: outcomeSchema } } },
    async (request, reply) => {
      const row = await service.get(request.params.id, callerOf(request));
      return reply.header('etag', etagOf(row)).send(outcomeView(row));
    },
  );

  app.get(
    '/outcomes/:id/history',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'listOutcomeHistory',
        tags: TAGS,
        summary: "An outcome's stage changes, oldest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(historySchema).describe('Every stage change, the first report included.') }).meta({ id: 'OutcomeHistory', description: 'Stage history.' }) },
      },
    },
    async (request) => ({ items: (await service.history(request.params.id, callerOf(request))).map(historyView) }),
  );

  app.patch(
    '/outcomes/:id',
    {
      config: { access: WRITERS },
      schema: {
        operationId: 'updateOutcome',
        tags: TAGS,
        summary: 'Move an outcome to its next stage or correct it',
        description: 'Requires If-Match (stale → 412, missing → 428). Stages move forward only (409 otherwise); every move is kept in the history. A portal’s change to the stage, value or documents clears the verification.',
        params: idParams,
        headers: ifMatchHeader,
        body: outcomePatchSchema,
        response: { 200: outcomeSchema, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await service.patch(request.params.id, request.body, request.headers['if-match'], contextOf(request));
      return reply.header('etag', etagOf(row)).send(outcomeView(row));
    },
  );

  app.post(
    '/outcomes/:id/verify',
    {
      config: { access: { roles: ['ministry'] } },
      schema: {
        operationId: 'verifyOutcome',
        tags: TAGS,
        summary: 'Verify an outcome (ministry)',
        description: 'Requires If-Match with the ETag read: the ministry confirms the version it saw. Verifying a verified outcome changes nothing.',
        params: idParams,
        headers: ifMatchHeader,
        response: { 200: outcomeSchema, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await service.verify(request.params.id, request.headers['if-match'], contextOf(request));
      return reply.header('etag', etagOf(row)).send(outcomeView(row));
    },
  );
};
