import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { DECLINE_REASONS, proposals, type Decision } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import { writeAudit } from '../access/access.repository.js';
import { isNationwide, owns, type ActionContext, type Caller } from '../access/caller.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../registry/cursor.js';

export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalStatus = ProposalRow['status'];
const PROPOSAL = { en: 'Proposal', vi: 'đề xuất kết nối' };

export interface ProposalQuery {
  demandId?: string;
  offerId?: string;
  province?: string;
  status?: ProposalStatus;
  minScore?: number;
  limit: number;
  cursor?: string;
}

export interface DecisionInput {
  side: 'supply' | 'demand';
  decision: 'accept' | 'decline';
  reason?: (typeof DECLINE_REASONS)[number];
  note?: string;
}

/** A portal sees the proposals one of whose sides is in its provinces; the ministry sees all. */
function visibleTo(caller: Caller): SQL | undefined {
  if (isNationwide(caller)) return undefined;
  const provinces = [...caller.provinces];
  if (provinces.length === 0) return sql`false`;
  return or(inArray(proposals.supplyProvince, provinces), inArray(proposals.demandProvince, provinces));
}

const closed = (status: ProposalStatus) => status === 'declined' || status === 'expired' || status === 'superseded';

/** The status after one side's decision. */
export function nextStatus(current: ProposalStatus, side: 'supply' | 'demand', decision: 'accept' | 'decline'): ProposalStatus {
  if (decision === 'decline') return 'declined';
  if (current === 'proposed') return side === 'supply' ? 'accepted_by_supply' : 'accepted_by_demand';
  if ((current === 'accepted_by_supply' && side === 'demand') || (current === 'accepted_by_demand' && side === 'supply')) return 'mutually_accepted';
  return current;
}

export function createProposalService(deps: { db: Db; queue?: JobQueue; log?: Pick<Logger, 'error'>; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** Both sides' provinces hear of an agreement; the write stands whether or not the queue answers. */
  async function announceAccepted(row: ProposalRow) {
    try {
      await deps.queue?.add('webhooks.dispatch', {
        eventId: `evt_proposal_accepted_${row.id}`,
        type: 'proposal.accepted',
        occurredAt: now().toISOString(),
        resource: 'proposals',
        recordId: row.id,
        data: { id: row.id, offerId: row.offerId, demandId: row.demandId, score: row.score, status: row.status, url: `/v1/proposals/${row.id}` },
        visibility: { currentProvince: row.supplyProvince, provinces: [row.demandProvince], public: false, clientId: null },
      });
    } catch (err) {
      deps.log?.error({ err: { message: (err as Error).message }, proposalId: row.id }, 'webhook event lost: the queue did not take it');
    }
  }

  async function find(tx: Db, id: string, caller: Caller, lock = false): Promise<ProposalRow> {
    const query = tx.select().from(proposals).where(and(eq(proposals.id, id), visibleTo(caller)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound(PROPOSAL, id, 'PROPOSAL_NOT_FOUND');
    return row;
  }

  return {
    get: (id: string, caller: Caller) => find(db, id, caller),

    /** Best first (score, then id), with a keyset cursor bound to the filters. */
    async list(query: ProposalQuery, caller: Caller): Promise<{ items: ProposalRow[]; nextCursor: string | null }> {
      const { cursor, limit, ...filters } = query;
      const fingerprint = filterFingerprint({ ...filters, list: 'proposals' });
      const after = cursor ? decodeCursor(cursor, fingerprint) : undefined;
      const province = query.province ? (currentProvinceOf(query.province) ?? query.province) : undefined;
      const rows = await db
        .select()
        .from(proposals)
        .where(
          and(
            visibleTo(caller),
            query.demandId ? eq(proposals.demandId, query.demandId) : undefined,
            query.offerId ? eq(proposals.offerId, query.offerId) : undefined,
            province ? or(eq(proposals.supplyProvince, province), eq(proposals.demandProvince, province)) : undefined,
            query.status ? eq(proposals.status, query.status) : undefined,
            query.minScore !== undefined ? gte(proposals.score, query.minScore) : undefined,
            after ? or(lt(proposals.score, Number(after.value)), and(eq(proposals.score, Number(after.value)), sql`${proposals.id} > ${after.id}`)) : undefined,
          ),
        )
        .orderBy(desc(proposals.score), asc(proposals.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor({ value: last.score, id: last.id }, fingerprint) : null };
    },

    /**
     * One side's decision. A portal decides only for a side its provinces own; a decision is final
     * (the same one again changes nothing); both accepting makes the proposal mutually accepted; a
     * decline closes it for good (the pair is never proposed again).
     */
    async decide(id: string, input: DecisionInput, ctx: ActionContext): Promise<ProposalRow> {
      if (input.decision === 'decline' && !input.reason) {
        throw new AppError('VALIDATION_FAILED', { en: 'A decline needs a reason', vi: 'Từ chối cần có lý do' }, {
          fields: [{ path: 'body.reason', code: 'required', message: { en: `Give one of ${DECLINE_REASONS.join(', ')}`, vi: `Chọn một trong ${DECLINE_REASONS.join(', ')}` } }],
        });
      }
      let agreed = false;
      const updated = await db.transaction(async (t) => {
        const tx = t as unknown as Db;
        const row = await find(tx, id, ctx.caller, true);
        const sideProvince = input.side === 'supply' ? row.supplyProvince : row.demandProvince;
        if (!owns(ctx.caller, sideProvince)) {
          throw new AppError('FORBIDDEN', {
            en: `Only the ${input.side} side's province (${sideProvince}) or the ministry may decide for it`,
            vi: `Chỉ tỉnh của bên ${input.side === 'supply' ? 'cung' : 'cầu'} (${sideProvince}) hoặc Bộ mới được quyết định thay bên này`,
          });
        }
        const previous = input.side === 'supply' ? row.supplyDecision : row.demandDecision;
        if (previous) {
          if (previous.decision === input.decision) return row;
          throw new AppError('CONFLICT', { en: `The ${input.side} side has already decided (${previous.decision})`, vi: `Bên ${input.side === 'supply' ? 'cung' : 'cầu'} đã quyết định (${previous.decision})` }, { code: 'ALREADY_DECIDED' });
        }
        if (closed(row.status)) {
          throw new AppError('CONFLICT', { en: `The proposal is ${row.status}; it takes no more decisions`, vi: `Đề xuất đã ở trạng thái ${row.status}; không nhận thêm quyết định` }, { code: 'PROPOSAL_CLOSED' });
        }
        const decision: Decision = {
          decision: input.decision,
          reason: input.decision === 'decline' ? (input.reason ?? null) : null,
          note: input.note ?? null,
          at: now().toISOString(),
          clientId: ctx.caller.clientId,
          clientName: ctx.caller.name,
        };
        const status = nextStatus(row.status, input.side, input.decision);
        agreed = status === 'mutually_accepted';
        const [updated] = await tx
          .update(proposals)
          .set({
            ...(input.side === 'supply' ? { supplyDecision: decision } : { demandDecision: decision }),
            status,
            ...(status === 'declined' && { closedAt: now(), closeReason: 'declined' as const }),
            version: row.version + 1,
            updatedAt: now(),
          })
          .where(eq(proposals.id, id))
          .returning();
        await writeAudit(tx, {
          clientId: ctx.caller.clientId,
          clientName: ctx.caller.name,
          role: ctx.caller.role,
          provinces: [...ctx.caller.provinces],
          action: `${input.side}.${input.decision}`,
          entity: 'proposal',
          entityId: id,
          changedFields: [input.side === 'supply' ? 'supplyDecision' : 'demandDecision', 'status'],
          requestId: ctx.requestId ?? null,
        });
        return updated as ProposalRow;
      });
      if (agreed) await announceAccepted(updated);
      return updated;
    },
  };
}

export type ProposalService = ReturnType<typeof createProposalService>;
