import type { MatchParams } from './types.js';

/** Recorded with every run; bump whenever a change can move a score. */
export const ALGORITHM_VERSION = 'ketnoi-match/1.0';

export const DEFAULT_PARAMS: MatchParams = {
  candidatesPerDemand: 60,
  candidatesPerOffer: 30,
  maxPerDemand: 5,
  maxPerOffer: 5,
  minScore: 0.3,
  // Text first, then the taxonomy: together they decide whether the pair is about the same thing;
  // the rest only reorders pairs that already are.
  weights: {
    text: 0.4,
    fields: 0.2,
    trl: 0.08,
    price: 0.07,
    deal: 0.05,
    method: 0.03,
    geography: 0.06,
    origin: 0.04,
    language: 0.04,
    freshness: 0.03,
  },
  expertsPerProposal: 3,
};
