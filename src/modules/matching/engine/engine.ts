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
import { parallelCandidates, type QueryStats } from './parallel.js';
import type { DemandInput, ExpertInput, MatchParams, OfferInput, ProposalDraft, ScoredPair, SuggestedExpert } from '../scoring/types.js';

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
  /** How the queries were shared out between threads (a large search only). */
  queries?: QueryStats;
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

/** The key of an (offer, demand) pair in constraints and results: `${offerId}:${demandId}`. */
export const proposalKey = (offerId: string, demandId: string): string => `${offerId}:${demandId}`;

/** A proposal as the engine returns it: with the two sides' current provinces, for visibility. */
export type EngineProposal = ProposalDraft & { supplyProvince: string; demandProvince: string };

/**
 * What the assignment chose, without the proposals themselves: those are explained and handed out
 * in chunks (`proposals`), so a national run never holds ~100,000 explained proposals at once, in
 * either thread.
 */
export interface MatchResult {
  /** Proposals chosen, in write order (best first, ties by ids). */
  selected: number;
  /** `${offerId}:${demandId}` of every chosen proposal, in write order. */
  keys: string[];
  candidates: number;
  offers: number;
  demands: number;
  experts: number;
  scoreMs: number;
}

/** A slice of the chosen proposals in write order, explained, and the engine's time spent on it. */
export interface ProposalChunk {
  proposals: EngineProposal[];
  explainMs: number;
}

/** The last assignment: chosen pairs in write order, and experts chosen so far (in that order). */
interface Selection {
  chosen: ScoredPair[];
  suggested: SuggestedExpert[][];
  params: MatchParams;
  /** Expert load so far: open proposals elsewhere plus the suggestions made down the list. */
  load: Map<string, number>;
}

/** How an engine runs a large candidate search (see parallel.ts); by default on its own thread alone. */
export interface EngineThreadOptions {
  queryThreads?: number;
  helperHeapMb?: number;
}

/**
 * The matcher as one stateful object: an index kept warm between runs (synced with what changed)
 * and a pure pipeline over it — candidates both ways, scores, the capped assignment, experts.
 * It runs inside a worker thread (engine-thread.ts) so scoring never blocks the event loop.
 */
export function createEngine(options: EngineThreadOptions = {}) {
  let queries: QueryStats | undefined;
  const runner = parallelCandidates({ threads: options.queryThreads ?? 1, helperHeapMb: options.helperHeapMb, onStats: (s) => (queries = s) });
  let index: MatchIndex = createMatchIndex([], []);
  const offerIds = new Set<string>();
  const demandIds = new Set<string>();
  let experts: ExpertInput[] = [];
  let pending: CandidatePairs | undefined;
  let selection: Selection | undefined;
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
      pending = undefined;
      selection = undefined;
    },

    candidates(request: CandidateRequest): CandidateSummary {
      const started = performance.now();
      selection = undefined;
      queries = undefined;
      const scope =
        request.scope === 'all'
          ? { offerIds: [...offerIds].sort(), demandIds: [...demandIds].sort() }
          : { offerIds: request.scope.offerIds.filter((id) => offerIds.has(id)), demandIds: request.scope.demandIds.filter((id) => demandIds.has(id)) };
      pending = scoreCandidatePairs(index, scope, request.params, undefined, runner);
      candidateMs = performance.now() - started;
      if (request.scope === 'all') return { candidates: pending.n, queries, demandIds: [], offerIds: [] };
      return { candidates: pending.n, queries, ...candidateIds(index, pending) };
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
      // Best first, so experts with limited load go to the strongest proposals; ties by ids. This is
      // also the write order. Experts and explanations are made when a chunk is asked for, so they
      // run while the previous chunk is written.
      chosen.sort(byScoreThenIds);
      selection = { chosen, suggested: [], params, load: new Map(request.expertLoad) };
      return {
        selected: chosen.length,
        keys: chosen.map((p) => proposalKey(p.offerId, p.demandId)),
        candidates,
        offers: offerIds.size,
        demands: demandIds.size,
        experts: experts.length,
        scoreMs: Math.round(candidateMs + performance.now() - started),
      };
    },

    /** Chosen proposals [from, to) in write order, explained (the last assignment's). */
    proposals(range: { from: number; to: number }): ProposalChunk {
      if (!selection) throw new Error('proposals called without an assignment');
      const started = performance.now();
      const { chosen, suggested, params, load } = selection;
      const from = Math.max(0, range.from);
      const to = Math.min(chosen.length, range.to);
      // Experts go down the whole list in write order (each one's load runs through it): those of
      // chunks never asked for (written before a restart) are chosen too, so the rest come out the same.
      for (let i = suggested.length; i < to; i++) {
        const s = suggestExperts(index.offer(chosen[i]!.offerId) as OfferInput, index.demand(chosen[i]!.demandId) as DemandInput, experts, load, params);
        for (const e of s) load.set(e.expertId, (load.get(e.expertId) ?? 0) + 1);
        suggested.push(s);
      }
      // Offer by offer, so each offer's texts are analysed once for its reasons; then back in order.
      const order = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
      order.sort((a, b) => (chosen[a]!.offerId < chosen[b]!.offerId ? -1 : chosen[a]!.offerId > chosen[b]!.offerId ? 1 : a - b));
      const explained: ScoredPair[] = [];
      for (const i of order) explained[i - from] = explainPair(index, chosen[i]!, params) ?? chosen[i]!;
      const proposals: EngineProposal[] = [];
      for (let i = from; i < to; i++) {
        const offer = index.offer(chosen[i]!.offerId) as OfferInput;
        const demand = index.demand(chosen[i]!.demandId) as DemandInput;
        proposals.push({ ...explained[i - from]!, experts: suggested[i]!, supplyProvince: offer.province, demandProvince: demand.province });
      }
      return { proposals, explainMs: performance.now() - started };
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;

/** Heap of the calling thread (V8 isolate), in MB: used, committed, and array buffers outside it. */
export interface EngineMemory {
  heapUsedMb: number;
  heapTotalMb: number;
  arrayBuffersMb: number;
}

export function engineMemory(): EngineMemory {
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round(b / 2 ** 20);
  return { heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), arrayBuffersMb: mb(m.arrayBuffers) };
}

export function byScoreThenIds(a: ScoredPair, b: ScoredPair): number {
  return b.score - a.score || (a.demandId < b.demandId ? -1 : a.demandId > b.demandId ? 1 : a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0);
}
