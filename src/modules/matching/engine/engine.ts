import {
  assignCandidates,
  candidateIds,
  createMatchIndex,
  explainPair,
  pairKeysOf,
  scoreCandidatePairs,
  suggestExperts,
  type CandidatePairs,
  type MatchIndex,
} from '../scoring/index.js';
import type { DemandInput, ExpertInput, MatchParams, OfferInput, ProposalDraft, ScoredPair } from '../scoring/types.js';

/** Records to add or replace in the engine's index, and ids to drop. Experts, when given, replace all. */
export interface SyncBatch {
  offers?: OfferInput[];
  demands?: DemandInput[];
  removeOffers?: string[];
  removeDemands?: string[];
  experts?: ExpertInput[];
}

/** First half of a run: candidates both ways for the scope, scored and kept in the engine. */
export interface CandidateRequest {
  /** 'all', or the records whose proposals this run decides (pairs touching any of them). */
  scope: 'all' | { offerIds: string[]; demandIds: string[] };
  params: MatchParams;
}

/** The records the candidate pairs touch: what the run must read constraints for. */
export interface CandidateSummary {
  candidates: number;
  demandIds: string[];
  offerIds: string[];
}

/** Second half: what the database says about the touched records, then the assignment. */
export interface AssignRequest {
  params: MatchParams;
  /** `${offerId}:${demandId}` pairs never to propose (declined, expired unanswered, or already decided). */
  excluded: string[];
  /** Capacity already taken per record by proposals this run does not decide. */
  usedByDemand: [string, number][];
  usedByOffer: [string, number][];
  /** Open proposals already suggesting each expert. */
  expertLoad: [string, number][];
}

/** A proposal as the engine returns it: with the two sides' current provinces, for visibility. */
export type EngineProposal = ProposalDraft & { supplyProvince: string; demandProvince: string };

export interface MatchResult {
  proposals: EngineProposal[];
  candidates: number;
  offers: number;
  demands: number;
  experts: number;
  scoreMs: number;
}

/**
 * The matcher as one stateful object: an index kept warm between runs (synced with what changed)
 * and a pure pipeline over it — candidates both ways, scores, the capped assignment, experts.
 * It runs inside a worker thread (engine-thread.ts) so scoring never blocks the event loop.
 */
export function createEngine() {
  let index: MatchIndex = createMatchIndex([], []);
  const offerIds = new Set<string>();
  const demandIds = new Set<string>();
  let experts: ExpertInput[] = [];
  let pending: CandidatePairs | undefined;
  let candidateMs = 0;

  return {
    sync(batch: SyncBatch): { offers: number; demands: number } {
      for (const o of batch.offers ?? []) {
        index.upsertOffer(o);
        offerIds.add(o.id);
      }
      for (const d of batch.demands ?? []) {
        index.upsertDemand(d);
        demandIds.add(d.id);
      }
      for (const id of batch.removeOffers ?? []) if (offerIds.delete(id)) index.removeOffer(id);
      for (const id of batch.removeDemands ?? []) if (demandIds.delete(id)) index.removeDemand(id);
      if (batch.experts) experts = batch.experts;
      return { offers: offerIds.size, demands: demandIds.size };
    },

    reset() {
      index = createMatchIndex([], []);
      offerIds.clear();
      demandIds.clear();
      experts = [];
    },

    candidates(request: CandidateRequest): CandidateSummary {
      const started = performance.now();
      const scope =
        request.scope === 'all'
          ? { offerIds: [...offerIds].sort(), demandIds: [...demandIds].sort() }
          : { offerIds: request.scope.offerIds.filter((id) => offerIds.has(id)), demandIds: request.scope.demandIds.filter((id) => demandIds.has(id)) };
      pending = scoreCandidatePairs(index, scope, request.params);
      candidateMs = performance.now() - started;
      if (request.scope === 'all') return { candidates: pending.n, demandIds: [], offerIds: [] };
      return { candidates: pending.n, ...candidateIds(index, pending) };
    },

    assign(request: AssignRequest): MatchResult {
      if (!pending) throw new Error('assign called without candidates');
      const started = performance.now();
      const { params } = request;
      const candidates = pending.n;
      const usedD = new Map(request.usedByDemand);
      const usedO = new Map(request.usedByOffer);
      const chosen = assignCandidates(
        index,
        pending,
        {
          perDemand: (id) => Math.max(0, params.maxPerDemand - (usedD.get(id) ?? 0)),
          perOffer: (id) => Math.max(0, params.maxPerOffer - (usedO.get(id) ?? 0)),
        },
        request.excluded.length > 0 ? pairKeysOf(index, request.excluded) : undefined,
      );
      pending = undefined;
      // Candidates are scored bare (millions at national scale); only the kept ones are explained,
      // offer by offer (each offer's texts are analysed once for its reasons).
      chosen.sort((a, b) => (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : byScoreThenIds(a, b)));
      const explained = new Map<ScoredPair, ScoredPair>();
      for (const bare of chosen) explained.set(bare, explainPair(index, bare, params) ?? bare);
      // Then best first, so experts with limited load go to the strongest proposals; ties by ids.
      chosen.sort(byScoreThenIds);
      const load = new Map(request.expertLoad);
      const proposals: EngineProposal[] = chosen.map((bare) => {
        const offer = index.offer(bare.offerId) as OfferInput;
        const demand = index.demand(bare.demandId) as DemandInput;
        const pair = explained.get(bare)!;
        const suggested = suggestExperts(offer, demand, experts, load, params);
        for (const s of suggested) load.set(s.expertId, (load.get(s.expertId) ?? 0) + 1);
        return { ...pair, experts: suggested, supplyProvince: offer.province, demandProvince: demand.province };
      });
      return { proposals, candidates, offers: offerIds.size, demands: demandIds.size, experts: experts.length, scoreMs: Math.round(candidateMs + performance.now() - started) };
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;

export function byScoreThenIds(a: ScoredPair, b: ScoredPair): number {
  return b.score - a.score || (a.demandId < b.demandId ? -1 : a.demandId > b.demandId ? 1 : a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0);
}
