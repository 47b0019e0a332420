/**
 * The contract of the matcher's pure core: what the worker loads from the database and hands in,
 * and what comes back. Nothing here does I/O; every function over these types is deterministic.
 */

export type Localized = { vi?: string; en?: string; ko?: string };
export type Lang = 'vi' | 'en' | 'ko';

/** A published, valid offer with what the scorer needs of its organisation. */
export interface OfferInput {
  id: string;
  organizationId: string;
  /** Current (post-2025) province code of the offer. */
  province: string;
  /** ISO country code of the offering organisation (origin of the technology). */
  country: string;
  language: Lang;
  title: Localized;
  summary: Localized;
  description?: Localized | null;
  advantages?: Localized | null;
  applications?: Localized | null;
  fields: string[];
  keywords: string[];
  trl: number;
  transferForms: string[];
  transferMethods: string[];
  dealTypes: string[];
  priceMin: number | null;
  priceMax: number | null;
  priceNegotiable: boolean;
  /** Current province codes where the owner wants to transfer (empty: anywhere). */
  targetProvinces: string[];
  targetCountries: string[];
  regulatoryClass: 'encouraged' | 'normal' | 'restricted' | 'prohibited';
  updatedAt: Date;
  /** Languages the offering organisation works in (organisation.languages, else [language]). */
  languages: string[];
}

/** A published, valid demand with what the scorer needs of its organisation. */
export interface DemandInput {
  id: string;
  organizationId: string;
  /** Current province code where the technology will be deployed. */
  province: string;
  /** ISO country code of the demanding organisation. */
  country: string;
  language: Lang;
  title: Localized;
  problem: Localized;
  currentProcess?: Localized | null;
  requiredResult?: Localized | null;
  constraints?: Localized | null;
  fields: string[];
  keywords: string[];
  minTrl: number | null;
  dealTypes: string[];
  transferMethods: string[];
  originPreference: 'domestic' | 'foreign' | 'any';
  budgetMin: number | null;
  budgetMax: number | null;
  urgency: 'low' | 'medium' | 'high';
  neededBy: string | null;
  updatedAt: Date;
  languages: string[];
}

export interface ExpertInput {
  id: string;
  affiliationId: string | null;
  province: string;
  fields: string[];
  keywords: string[];
  bio?: Localized | null;
  roles: string[];
  languages: { code: string; level: string }[];
  maxMeetingsPerEvent: number;
  conflictOrganizationIds: string[];
}

export const CRITERIA = ['text', 'fields', 'trl', 'price', 'deal', 'method', 'geography', 'origin', 'language', 'freshness'] as const;
export type Criterion = (typeof CRITERIA)[number];

/** Weights, thresholds and caps; all in configuration, all recorded with each run. */
export interface MatchParams {
  /** Candidates retrieved per demand (offers) and per offer (demands) before scoring. */
  candidatesPerDemand: number;
  candidatesPerOffer: number;
  /** Caps of the assignment: at most N proposals per demand and M per offer in one run. */
  maxPerDemand: number;
  maxPerOffer: number;
  /** Fused score below this is never proposed (0..1). */
  minScore: number;
  weights: Record<Criterion, number>;
  /** Suggested experts per proposal (at most 3). */
  expertsPerProposal: number;
  /**
   * Reference time for freshness (ISO string or Date). Passed in rather than read from the clock so
   * a run is reproducible; without it freshness is neutral (1 for every record).
   */
  now?: string | Date;
}

export interface CriterionScore {
  criterion: Criterion;
  /** 0..1: how well this criterion is met. */
  value: number;
  weight: number;
  /** weight × value, normalised so the contributions sum to the fused score. */
  contribution: number;
}

export interface Reason {
  vi: string;
  en: string;
}

export interface ScoredPair {
  offerId: string;
  demandId: string;
  /** Fused score, 0..1. */
  score: number;
  /** Does the offer solve the demand (0..1). */
  demandFit: number;
  /** Is the demand a buyer the offer's owner wants (0..1). */
  supplyFit: number;
  breakdown: CriterionScore[];
  /** Two or three short reasons, Vietnamese and English. */
  reasons: Reason[];
  /** 'restricted': the technology is on the restricted list (Law 07/2017). */
  flags: string[];
}

export interface SuggestedExpert {
  expertId: string;
  score: number;
  reasons: Reason[];
}

export interface ProposalDraft extends ScoredPair {
  experts: SuggestedExpert[];
}
