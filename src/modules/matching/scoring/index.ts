/**
 * The matcher's pure core: text analysis, an in-memory incremental index, candidate retrieval,
 * reciprocal scoring with a per-criterion breakdown and reasons, and expert suggestions. No I/O;
 * every result is a deterministic function of the inputs (pass params.now for freshness).
 */
export type * from './types.js';
export { CRITERIA } from './types.js';
export { ALGORITHM_VERSION, DEFAULT_PARAMS } from './params.js';
export { analyze } from './analyze.js';
export type { MatchIndex } from './matchindex.js';
export type { CandidatePairs } from './pipeline.js';
export {
  assignCandidates,
  candidateIds,
  createMatchIndex,
  demandCandidates,
  explainPair,
  offerCandidates,
  pairKeysOf,
  scoreCandidatePairs,
  scoreCandidates,
  scoreExhaustive,
  scoreExhaustiveOffer,
  scorePair,
} from './pipeline.js';
export { suggestExperts } from './experts.js';
export { formatVnd } from './reasons.js';
