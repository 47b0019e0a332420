import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { OUTCOME_STAGES, outcomes, type OutcomeDocument, type OutcomeStage } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import type { JobQueue } from '../../jobs/queue.js';
import { writeAudit } from '../access/access.repository.js';
import { owns, type ActionContext, type Caller } from '../access/caller.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../registry/cursor.js';
import { preconditionRequired } from '../registry/registry.service.js';
import {
  findDemand,
  findMeetingSides,
  findOffer,
  findOrganization,
  findOutcome,
  findProposal,
  insertHistory,
  insertOutcome,
  listHistory,
  listOutcomes,
  single,
  updateOutcome,
  type OutcomeRow,
} from './outcomes.repository.js';
import type { outcomeCreateSchema, outcomePatchSchema, outcomeQuerySchema } from './outcomes.schemas.js';

export type OutcomeCreate = z.output<typeof outcomeCreateSchema>;
export type OutcomePatch = z.output<typeof outcomePatchSchema>;
export type OutcomeQuery = z.output<typeof outcomeQuerySchema>;

const OUTCOME = { en: 'Outcome', vi: 'kết quả kết nối' };
const ORDER: readonly OutcomeStage[] = OUTCOME_STAGES.filter((s) => s !== 'abandoned');
const rank = (stage: OutcomeStage) => ORDER.indexOf(stage);
const txOf = (t: unknown) => t as Db;

export const etagOf = (row: { version: number }) => `"${row.version}"`;

const invalid = (path: string, en: string, vi: string) =>
  new AppError('VALIDATION_FAILED', { en, vi }, { fields: [{ path, code: 'invalid', message: { en, vi } }] });

const conflict = (code: string, en: string, vi: string) => new AppError('CONFLICT', { en, vi }, { code });

/** Whether a deal may move from one stage to another: forward (skipping is fine), or abandoned before it is implemented. */
export function canMove(from: OutcomeStage, to: OutcomeStage): boolean {
  if (from === to) return true;
  if (from === 'abandoned' || from === 'implemented') return false;
  return to === 'abandoned' || rank(to) > rank(from);
}

/** The furthest stage reached and the dates an MoU and a contract were first reached, after a move to `stage` on `date`. */
export function progress(previous: Pick<OutcomeRow, 'furthestStage' | 'mouOn' | 'contractOn'> | undefined, stage: OutcomeStage, date: string) {
  const before = previous?.furthestStage ?? 'follow_up';
  const furthest = stage !== 'abandoned' && rank(stage) > rank(before) ? stage : before;
  return {
    furthestStage: furthest,
    mouOn: previous?.mouOn ?? (rank(furthest) >= rank('mou') ? date : null),
    contractOn: previous?.contractOn ?? (rank(furthest) >= rank('contract_signed') ? date : null),
  };
}

function checkIfMatch(ifMatch: string | undefined, row: OutcomeRow) {
  if (ifMatch === undefined) throw preconditionRequired();
  if (ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(row))) {
    throw new AppError('PRECONDITION_FAILED', { en: `The outcome has changed (now version ${row.version}); read it again`, vi: `Kết quả kết nối đã thay đổi (phiên bản ${row.version}); hãy đọc lại` }, { code: 'STALE_VERSION' });
  }
}

const documentsOf = (docs: OutcomeCreate['documents']): OutcomeDocument[] => docs.map((d) => ({ kind: d.kind, title: d.title, reference: d.reference ?? null, url: d.url ?? null, date: d.date ?? null }));

/** Either side's portal may read and report on an outcome; the ministry sees every one. */
export const visible = (caller: Caller, row: Pick<OutcomeRow, 'supplyCurrentProvince' | 'demandCurrentProvince'>) => owns(caller, row.supplyCurrentProvince) || owns(caller, row.demandCurrentProvince);

export function createOutcomeService(deps: { db: Db; queue?: JobQueue; log?: Pick<Logger, 'error'>; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => now().toISOString().slice(0, 10);

  async function audit(tx: Db, ctx: ActionContext, action: string, id: string, changedFields: string[]) {
    await writeAudit(tx, {
      clientId: ctx.caller.clientId,
      clientName: ctx.caller.name,
      role: ctx.caller.role,
      provinces: [...ctx.caller.provinces],
      action,
      entity: 'outcome',
      entityId: id,
      changedFields,
      requestId: ctx.requestId ?? null,
    });
  }

  /** Both sides' portals hear of a change (ids only); the write stands whether or not the queue answers. */
  async function announce(row: OutcomeRow, action: string) {
    try {
      await deps.queue?.add('webhooks.dispatch', {
        eventId: `evt_outcome_${row.id}_${row.version}`,
        type: 'outcome.updated',
        occurredAt: now().toISOString(),
        resource: 'outcomes',
        recordId: row.id,
        data: { resource: 'outcomes', id: row.id, action, stage: row.stage, version: row.version, url: `/v1/outcomes/${row.id}` },
        visibility: { currentProvince: row.supplyCurrentProvince, provinces: [row.demandCurrentProvince], public: false, clientId: null },
      });
    } catch (err) {
      deps.log?.error({ err: { message: (err as Error).message }, outcomeId: row.id }, 'webhook event lost: the queue did not take it');
    }
  }

  async function load(tx: Db, id: string, caller: Caller, lock = false): Promise<OutcomeRow> {
    const row = await findOutcome(tx, id, lock);
    if (!row || row.archivedAt !== null || !visible(caller, row)) throw notFound(OUTCOME, id, 'OUTCOME_NOT_FOUND');
    return row;
  }

  /**
   * Fills the outcome's links from what the caller named: a meeting gives the event, the two
   * organisations (and its proposal), a proposal the offer and the demand, an offer or a demand
   * its organisation. Whatever is given twice must agree. Every read runs in the caller's scope,
   * so a record the caller may not see answers 404 like any foreign record.
   */
  async function resolve(tx: Db, input: OutcomeCreate) {
    const links = { proposalId: input.proposalId, offerId: input.offerId, demandId: input.demandId, supplyOrganizationId: input.supplyOrganizationId, demandOrganizationId: input.demandOrganizationId };
    const agree = (key: keyof typeof links, value: string | undefined | null, source: string) => {
      if (!value) return;
      if (links[key] !== undefined && links[key] !== value) throw invalid(`body.${key}`, `${key} does not match the ${source}`, `${key} không khớp với ${source}`);
      links[key] = value;
    };
    let eventId: string | null = null;
    if (input.meetingId) {
      const found = await findMeetingSides(tx, input.meetingId);
      if (!found) throw notFound({ en: 'Meeting', vi: 'cuộc gặp' }, input.meetingId, 'MEETING_NOT_FOUND');
      if (found.meeting.status !== 'held') throw conflict('MEETING_NOT_HELD', `The meeting is ${found.meeting.status}; outcomes follow held meetings`, `Cuộc gặp đang ở trạng thái ${found.meeting.status}; chỉ ghi kết quả cho cuộc gặp đã diễn ra`);
      eventId = found.meeting.eventId;
      agree('proposalId', found.request?.proposalId, 'meeting');
      agree('supplyOrganizationId', found.supply?.organizationId, 'meeting');
      agree('demandOrganizationId', found.demand?.organizationId, 'meeting');
      if (links.offerId === undefined && !links.proposalId && found.supply) links.offerId = single(found.supply.offerIds);
      if (links.demandId === undefined && !links.proposalId && found.demand) links.demandId = single(found.demand.demandIds);
    }
    if (links.proposalId) {
      const proposal = await findProposal(tx, links.proposalId);
      if (!proposal) throw notFound({ en: 'Proposal', vi: 'đề xuất kết nối' }, links.proposalId, 'PROPOSAL_NOT_FOUND');
      agree('offerId', proposal.offerId, 'proposal');
      agree('demandId', proposal.demandId, 'proposal');
    }
    const offer = links.offerId ? await findOffer(tx, links.offerId) : undefined;
    if (links.offerId && !offer) throw notFound({ en: 'Offer', vi: 'chào bán công nghệ' }, links.offerId, 'OFFER_NOT_FOUND');
    const demand = links.demandId ? await findDemand(tx, links.demandId) : undefined;
    if (links.demandId && !demand) throw notFound({ en: 'Demand', vi: 'nhu cầu công nghệ' }, links.demandId, 'DEMAND_NOT_FOUND');
    agree('supplyOrganizationId', offer?.organizationId, 'offer');
    agree('demandOrganizationId', demand?.organizationId, 'demand');
    if (!links.supplyOrganizationId) throw invalid('body.supplyOrganizationId', 'Name the supplier (or a meeting, proposal or offer that names it)', 'Cần nêu bên cung (hoặc cuộc gặp, đề xuất, chào bán xác định bên cung)');
    if (!links.demandOrganizationId) throw invalid('body.demandOrganizationId', 'Name the enterprise (or a meeting, proposal or demand that names it)', 'Cần nêu bên cầu (hoặc cuộc gặp, đề xuất, nhu cầu xác định bên cầu)');
    if (links.supplyOrganizationId === links.demandOrganizationId) throw invalid('body.demandOrganizationId', 'The two sides must be different organisations', 'Hai bên phải là hai tổ chức khác nhau');
    const supply = await findOrganization(tx, links.supplyOrganizationId);
    if (!supply) throw notFound({ en: 'Organization', vi: 'tổ chức' }, links.supplyOrganizationId, 'ORGANIZATION_NOT_FOUND');
    const demandOrg = await findOrganization(tx, links.demandOrganizationId);
    if (!demandOrg) throw notFound({ en: 'Organization', vi: 'tổ chức' }, links.demandOrganizationId, 'ORGANIZATION_NOT_FOUND');
    return {
      proposalId: links.proposalId ?? null,
      meetingId: input.meetingId ?? null,
      eventId,
      offerId: links.offerId ?? null,
      demandId: links.demandId ?? null,
      supplyOrganizationId: supply.id,
      demandOrganizationId: demandOrg.id,
      supplyProvince: supply.province,
      supplyCurrentProvince: supply.currentProvince,
      demandProvince: demandOrg.province,
      demandCurrentProvince: demandOrg.currentProvince,
      fields: offer?.fields.length ? offer.fields : (demand?.fields ?? []),
      connectionPoint: demand?.sourceSystem ?? offer?.sourceSystem ?? demandOrg.sourceSystem ?? supply.sourceSystem ?? null,
    };
  }

  /** A portal reports for the side in its provinces; naming the other side, or owning neither, is refused. */
  function reportingSide(caller: Caller, asked: OutcomeCreate['reportedSide'], sides: { supplyCurrentProvince: string; demandCurrentProvince: string }) {
    if (caller.role === 'ministry') return asked ?? null;
    const mine = { supply: owns(caller, sides.supplyCurrentProvince), demand: owns(caller, sides.demandCurrentProvince) };
    if (asked) {
      if (!mine[asked]) throw invalid('body.reportedSide', `The ${asked} side is not in your provinces`, `Bên ${asked === 'supply' ? 'cung' : 'cầu'} không thuộc tỉnh của bạn`);
      return asked;
    }
    if (mine.demand) return 'demand' as const;
    if (mine.supply) return 'supply' as const;
    throw invalid('body.reportedSide', 'Neither side of this deal is in your provinces; a portal reports only for its own side', 'Không bên nào thuộc tỉnh của bạn; cổng thông tin chỉ báo cáo cho bên thuộc tỉnh mình');
  }

  return {
    async create(input: OutcomeCreate, ctx: ActionContext): Promise<OutcomeRow> {
      const row = await db.transaction(async (t) => {
        const tx = txOf(t);
        const links = await resolve(tx, input);
        const reportedSide = reportingSide(ctx.caller, input.reportedSide, links);
        const stageDate = input.stageDate ?? today();
        const inserted = await insertOutcome(tx, {
          ...links,
          stage: input.stage,
          stageDate,
          ...progress(undefined, input.stage, stageDate),
          dealType: input.dealType ?? null,
          transferForms: input.transferForms,
          transferMethods: input.transferMethods,
          valueVnd: input.valueVnd ?? null,
          documents: documentsOf(input.documents),
          note: input.note ?? null,
          reportedSide,
          reportedByClientId: ctx.caller.clientId,
          reportedByName: ctx.caller.name,
        });
        await insertHistory(tx, { outcomeId: inserted.id, fromStage: null, toStage: inserted.stage, stageDate, valueVnd: inserted.valueVnd, note: inserted.note, clientId: ctx.caller.clientId, clientName: ctx.caller.name });
        await audit(tx, ctx, 'create', inserted.id, Object.keys(input));
        return inserted;
      });
      await announce(row, 'created');
      return row;
    },

    get: (id: string, caller: Caller) => load(db, id, caller),

    async history(id: string, caller: Caller) {
      await load(db, id, caller);
      return listHistory(db, id);
    },

    /** Newest first, with a keyset cursor bound to the filters. */
    async list(query: OutcomeQuery, caller: Caller): Promise<{ items: OutcomeRow[]; nextCursor: string | null }> {
      const { cursor, limit, ...filters } = query;
      const province = filters.province ? (currentProvinceOf(filters.province) ?? filters.province) : undefined;
      const fingerprint = filterFingerprint({ ...filters, province, list: 'outcomes' });
      const after = cursor ? decodeCursor(cursor, fingerprint) : undefined;
      const rows = await listOutcomes(
        db,
        {
          ...(filters.stage && { stage: filters.stage }),
          ...(province && { province }),
          ...(caller.role !== 'ministry' && { provinces: caller.provinces }),
          ...(filters.eventId && { eventId: filters.eventId }),
          ...(filters.proposalId && { proposalId: filters.proposalId }),
          ...(filters.meetingId && { meetingId: filters.meetingId }),
          ...(filters.verified && { verified: filters.verified === 'true' }),
          ...(filters.stageDateFrom && { stageDateFrom: filters.stageDateFrom }),
          ...(filters.stageDateTo && { stageDateTo: filters.stageDateTo }),
        },
        limit + 1,
        after ? { at: new Date(String(after.value)), id: after.id } : undefined,
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor({ value: last.createdAt.toISOString(), id: last.id }, fingerprint) : null };
    },

    async patch(id: string, changes: OutcomePatch, ifMatch: string | undefined, ctx: ActionContext): Promise<OutcomeRow> {
      const fields = Object.keys(changes).filter((k) => changes[k as keyof OutcomePatch] !== undefined);
      if (fields.length === 0) throw invalid('body', 'Send at least one field to change', 'Cần gửi ít nhất một trường cần thay đổi');
      const row = await db.transaction(async (t) => {
        const tx = txOf(t);
        const current = await load(tx, id, ctx.caller, true);
        checkIfMatch(ifMatch, current);
        const stage = changes.stage ?? current.stage;
        const moved = stage !== current.stage;
        if (!canMove(current.stage, stage)) {
          throw conflict('INVALID_STAGE_CHANGE', `An outcome cannot go from ${current.stage} to ${stage} (stages move forward; abandoned ends a deal before it is implemented)`, `Kết quả không thể chuyển từ ${current.stage} sang ${stage}`);
        }
        const stageDate = changes.stageDate ?? (moved ? today() : current.stageDate);
        if (moved && stageDate < current.stageDate) throw invalid('body.stageDate', `A new stage cannot be dated before the current one (${current.stageDate})`, `Ngày của giai đoạn mới không được trước ngày của giai đoạn hiện tại (${current.stageDate})`);
        const material = moved || changes.valueVnd !== undefined || changes.documents !== undefined || changes.stageDate !== undefined;
        const updated = await updateOutcome(tx, id, {
          stage,
          stageDate,
          ...(moved && progress(current, stage, stageDate)),
          ...(changes.dealType !== undefined && { dealType: changes.dealType }),
          ...(changes.transferForms !== undefined && { transferForms: changes.transferForms }),
          ...(changes.transferMethods !== undefined && { transferMethods: changes.transferMethods }),
          ...(changes.valueVnd !== undefined && { valueVnd: changes.valueVnd }),
          ...(changes.documents !== undefined && { documents: documentsOf(changes.documents) }),
          ...(changes.note !== undefined && { note: changes.note }),
          // The ministry verified what it saw: a material change by anyone but the ministry needs verifying again.
          ...(material && ctx.caller.role !== 'ministry' && { verifiedAt: null, verifiedByClientId: null, verifiedByName: null }),
          version: sql`${outcomes.version} + 1` as unknown as number,
          updatedAt: now(),
        });
        if (moved) await insertHistory(tx, { outcomeId: id, fromStage: current.stage, toStage: stage, stageDate, valueVnd: updated.valueVnd, note: changes.note ?? null, clientId: ctx.caller.clientId, clientName: ctx.caller.name });
        await audit(tx, ctx, moved ? `stage.${stage}` : 'update', id, fields);
        return updated;
      });
      await announce(row, 'updated');
      return row;
    },

    /** The ministry confirms the outcome as reported (again after a change cleared it); verifying a verified outcome changes nothing. */
    async verify(id: string, ifMatch: string | undefined, ctx: ActionContext): Promise<OutcomeRow> {
      const { row, changed } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const current = await load(tx, id, ctx.caller, true);
        checkIfMatch(ifMatch, current);
        if (current.verifiedAt !== null) return { row: current, changed: false };
        const updated = await updateOutcome(tx, id, {
          verifiedAt: now(),
          verifiedByClientId: ctx.caller.clientId,
          verifiedByName: ctx.caller.name,
          version: sql`${outcomes.version} + 1` as unknown as number,
          updatedAt: now(),
        });
        await audit(tx, ctx, 'verify', id, ['verifiedAt']);
        return { row: updated, changed: true };
      });
      if (changed) await announce(row, 'verified');
      return row;
    },
  };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
