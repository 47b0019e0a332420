import { configSchema, type Config } from '../../config.js';
import { defaultQueryThreads } from './engine/parallel.js';
import { DEFAULT_PARAMS } from './scoring/params.js';
import type { MatchParams } from './scoring/types.js';

export type MatchingConfig = Pick<
  Config,
  | 'MATCH_CANDIDATES_PER_DEMAND'
  | 'MATCH_CANDIDATES_PER_OFFER'
  | 'MATCH_MAX_PER_DEMAND'
  | 'MATCH_MAX_PER_OFFER'
  | 'MATCH_MIN_SCORE'
  | 'MATCH_EXPERTS_PER_PROPOSAL'
  | 'MATCH_WEIGHTS'
  | 'PROPOSAL_TTL_DAYS'
  | 'MATCH_DEBOUNCE_MS'
  | 'MATCH_NIGHTLY_CRON'
  | 'MATCH_TIME_ZONE'
  | 'MATCH_ENGINE_HEAP_MB'
  | 'MATCH_ENGINE_THREADS'
>;

export interface MatchingSettings {
  params: MatchParams;
  proposalTtlDays: number;
  debounceMs: number;
  nightlyCron: string;
  timeZone: string;
  /** Old-generation bound of the engine thread's heap, MB. */
  engineHeapMb: number;
  /** Threads for a large run's candidate search (the engine's and its helpers). */
  engineThreads: number;
}

/** What the worker needs to run matching, from the configuration (its defaults when none is given). */
export function matchingSettings(config: MatchingConfig = configSchema.parse({})): MatchingSettings {
  return {
    params: matchParams(config),
    proposalTtlDays: config.PROPOSAL_TTL_DAYS,
    debounceMs: config.MATCH_DEBOUNCE_MS,
    nightlyCron: config.MATCH_NIGHTLY_CRON,
    timeZone: config.MATCH_TIME_ZONE,
    engineHeapMb: config.MATCH_ENGINE_HEAP_MB,
    engineThreads: config.MATCH_ENGINE_THREADS ?? defaultQueryThreads(),
  };
}

/** The algorithm's defaults with the configured overrides: what a run uses and records. */
export function matchParams(config: Partial<MatchingConfig>): MatchParams {
  return {
    ...DEFAULT_PARAMS,
    ...(config.MATCH_CANDIDATES_PER_DEMAND !== undefined && { candidatesPerDemand: config.MATCH_CANDIDATES_PER_DEMAND }),
    ...(config.MATCH_CANDIDATES_PER_OFFER !== undefined && { candidatesPerOffer: config.MATCH_CANDIDATES_PER_OFFER }),
    ...(config.MATCH_MAX_PER_DEMAND !== undefined && { maxPerDemand: config.MATCH_MAX_PER_DEMAND }),
    ...(config.MATCH_MAX_PER_OFFER !== undefined && { maxPerOffer: config.MATCH_MAX_PER_OFFER }),
    ...(config.MATCH_MIN_SCORE !== undefined && { minScore: config.MATCH_MIN_SCORE }),
    ...(config.MATCH_EXPERTS_PER_PROPOSAL !== undefined && { expertsPerProposal: config.MATCH_EXPERTS_PER_PROPOSAL }),
    weights: { ...DEFAULT_PARAMS.weights, ...(config.MATCH_WEIGHTS as Partial<MatchParams['weights']> | undefined) },
  };
}
