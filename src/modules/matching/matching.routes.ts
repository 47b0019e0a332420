import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROPOSAL_STATUSES, RUN_KINDS, RUN_STATUSES, type RunScope } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import { callerOf } from '../../plugins/auth.js';
import { owns, type Caller } from '../access/caller.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import { provinceCode } from '../registry/common.schemas.js';
import { ownerProvinces } from './inputs.repository.js';
import { decisionBodySchema, proposalSchema, runScopeSchema, runSchema } from './matching.schemas.js';
import type { MatchingSettings } from './params.js';
import { createProposalService, type ProposalRow } from './proposals.service.js';
import { createRunService, type RunRow } from './runs.service.js';

const WRITERS = { roles: ['ministry', 'portal'] } as const;
const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ items: z.array(item).describe('This page.'), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.') })
    .meta({ id, description: 'A page of results.' });

const runView = ({ clientId: _c, clientName: _n, requestId: _r, watermark: _w, checkpoint: _k, ...rest }: RunRow) => rest;
/** An allow-list: decisions without the deciding client's id, nothing else internal. */
const proposalView = (row: ProposalRow) => {
  const decision = (d: ProposalRow['supplyDecision']) => (d ? { decision: d.decision, reason: d.reason as never, note: d.note, at: d.at, clientName: d.clientName } : null);
  return { ...row, supplyDecision: decision(row.supplyDecision), demandDecision: decision(row.demandDecision) } as z.output<typeof proposalSchema>;
};

/** /v1/matching/runs and /v1/proposals: run the matcher, read its proposals, decide on them. */
export function matchingRoutes(settings: Pick<MatchingSettings, 'params' | 'proposalTtlDays'>): FastifyPluginAsyncZod {
  return async (app) => {
    const runs = createRunService({ database: app.database, queue: app.queue, params: settings.params, proposalTtlDays: settings.proposalTtlDays });
    const proposalService = createProposalService({ db: app.database.db, queue: app.queue, log: app.log });

    /** A portal runs the matcher on its own province's records only; everything is the ministry's. */
    async function authorizeScope(scope: RunScope, caller: Caller): Promise<RunScope> {
      if (caller.role === 'ministry') return scope.kind === 'province' ? { ...scope, province: currentProvinceOf(scope.province) ?? scope.province } : scope;
      if (scope.kind === 'all' || scope.kind === 'changed') {
        throw new AppError('FORBIDDEN', { en: `Only the ministry may run the matcher on ${scope.kind === 'all' ? 'everything' : 'all changes'}`, vi: 'Chỉ Bộ mới được chạy ghép nối trên toàn bộ dữ liệu' });
      }
      if (scope.kind === 'province') {
        const province = currentProvinceOf(scope.province) ?? scope.province;
        if (!owns(caller, province)) {
          throw new AppError('FORBIDDEN', { en: `Province ${scope.province} is not yours`, vi: `Tỉnh ${scope.province} không thuộc phạm vi của bạn` }, {
            fields: [{ path: 'body.scope.province', code: 'forbidden', message: { en: 'Not one of your provinces', vi: 'Không thuộc tỉnh của bạn' } }],
          });
        }
        return { kind: 'province', province };
      }
      const found = await ownerProvinces(app.database.db, scope.offerIds, scope.demandIds);
      for (const [kind, ids] of [['offer', scope.offerIds], ['demand', scope.demandIds]] as const) {
        for (const id of ids) {
          const province = found[kind].get(id);
          if (province === undefined || !owns(caller, province)) throw notFound(kind === 'offer' ? { en: 'Offer', vi: 'chào bán công nghệ' } : { en: 'Demand', vi: 'nhu cầu công nghệ' }, id, `${kind.toUpperCase()}_NOT_FOUND`);
        }
      }
      return scope;
    }

    app.post(
      '/matching/runs',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'createMatchRun',
          tags: ['matching'],
          summary: 'Queue a matching run',
          description:
            'Answers 202 with the queued run; the worker computes proposals for the scope: candidates from the index both ways, scores, and at most N per demand and M per offer maximising the total score. A portal may run its own province or its own records; the ministry anything.',
          body: z.strictObject({ scope: runScopeSchema }).meta({ description: 'What to match.' }),
          response: { 202: runSchema },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const scope = await authorizeScope(request.body.scope as RunScope, caller);
        const row = await runs.enqueue({ kind: 'on_demand', scope, ctx: { caller, requestId: request.id } });
        return reply.code(202).header('location', `/v1/matching/runs/${row.id}`).send(runView(row));
      },
    );

    app.get(
      '/matching/runs',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'listMatchRuns',
          tags: ['matching'],
          summary: 'List matching runs, newest first',
          querystring: z.strictObject({
            status: z.enum(RUN_STATUSES).optional().describe('Only runs in this status.'),
            kind: z.enum(RUN_KINDS).optional().describe('Only runs of this kind.'),
            limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
            cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters.'),
          }),
          response: { 200: page(runSchema, 'MatchRunPage') },
        },
      },
      async (request) => {
        const result = await runs.list(request.query);
        return { items: result.items.map(runView), nextCursor: result.nextCursor };
      },
    );

    app.get(
      '/matching/runs/:id',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'getMatchRun',
          tags: ['matching'],
          summary: 'Status, progress, counts and timings of a run',
          params: z.object({ id: z.uuid().describe('Run id.') }),
          response: { 200: runSchema },
        },
      },
      async (request) => runView(await runs.get(request.params.id)),
    );

    app.get(
      '/proposals',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'listProposals',
          tags: ['matching'],
          summary: 'List proposals, best first',
          description: 'A portal sees the proposals one of whose sides is in its provinces.',
          querystring: z.strictObject({
            demandId: z.uuid().optional().describe('Only proposals for this demand.'),
            offerId: z.uuid().optional().describe('Only proposals for this offer.'),
            province: provinceCode.optional().describe('Only proposals with a side in this province (pre-2025 codes roll up to the current unit).'),
            status: z.enum(PROPOSAL_STATUSES).optional().describe('Only proposals in this status.'),
            minScore: z.coerce.number().min(0).max(1).optional().describe('Only proposals scoring at least this (0–1).'),
            limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
            cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters.'),
          }),
          response: { 200: page(proposalSchema, 'ProposalPage') },
        },
      },
      async (request) => {
        const result = await proposalService.list(request.query, callerOf(request));
        return { items: result.items.map(proposalView), nextCursor: result.nextCursor };
      },
    );

    app.get(
      '/proposals/:id',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'getProposal',
          tags: ['matching'],
          summary: 'A proposal with its score breakdown, reasons and suggested experts',
          params: z.object({ id: z.uuid().describe('Proposal id.') }),
          response: { 200: proposalSchema },
        },
      },
      async (request) => proposalView(await proposalService.get(request.params.id, callerOf(request))),
    );

    app.post(
      '/proposals/:id/decisions',
      {
        config: { access: WRITERS },
        schema: {
          operationId: 'decideProposal',
          tags: ['matching'],
          summary: "Record one side's decision on a proposal",
          description:
            'Each side decides for itself (a portal only for a side its province owns; the ministry for either). Both accepting makes the proposal mutually_accepted; a decline needs a reason and closes the pair for good. A decision is final: the same one again changes nothing, another one is 409.',
          params: z.object({ id: z.uuid().describe('Proposal id.') }),
          body: decisionBodySchema,
          response: { 200: proposalSchema },
        },
      },
      async (request) => proposalView(await proposalService.decide(request.params.id, request.body, { caller: callerOf(request), requestId: request.id })),
    );
  };
}
