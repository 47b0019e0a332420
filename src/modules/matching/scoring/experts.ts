import { FIELDS } from '../../reference/fields.data.js';
import { addFoldedTerms, analyze } from './analyze.js';
import { themeOf } from './corpus.js';
import { fieldCover, fieldSim } from './features.js';
import type { DemandInput, ExpertInput, Localized, MatchParams, OfferInput, Reason, SuggestedExpert } from './types.js';

const LABEL = new Map(FIELDS.map((f) => [f.code, f]));
const LANG: Record<string, [string, string]> = {
  vi: ['tiếng Việt', 'Vietnamese'],
  en: ['tiếng Anh', 'English'],
  ko: ['tiếng Hàn', 'Korean'],
  ja: ['tiếng Nhật', 'Japanese'],
  zh: ['tiếng Trung', 'Chinese'],
};
const USABLE_LEVELS = new Set(['native', 'fluent', 'working']);
const CORE_ROLES = new Set(['technical_assessor', 'sector_specialist', 'transfer_consultant']);

// Experts change rarely and are scanned per proposal: keep each one's keyword terms once.
const keywordTerms = new WeakMap<ExpertInput, [string, string[]][]>();
function termsOfKeywords(e: ExpertInput): [string, string[]][] {
  let t = keywordTerms.get(e);
  if (!t) {
    t = e.keywords.map((k): [string, string[]] => [k, analyze(k).folded.filter((x) => !x.startsWith('~'))]).filter((x) => x[1].length > 0);
    keywordTerms.set(e, t);
  }
  return t;
}

/**
 * Which experts could fit a pair at all: by the themes of their fields (a field fit needs a shared
 * theme) and by the first term of each keyword (a keyword fit needs all its terms in the pair's
 * texts). Built once per expert list; a pair then looks at a few experts, not at all of them.
 */
interface ExpertPool {
  byTheme: Map<string, number[]>;
  byTerm: Map<string, number[]>;
  stamp: Int32Array;
  epoch: number;
}
const pools = new WeakMap<readonly ExpertInput[], ExpertPool>();
function poolOf(experts: readonly ExpertInput[]): ExpertPool {
  let pool = pools.get(experts);
  if (!pool) {
    const byTheme = new Map<string, number[]>();
    const byTerm = new Map<string, number[]>();
    const put = (m: Map<string, number[]>, k: string, i: number) => {
      const list = m.get(k);
      if (!list) m.set(k, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    experts.forEach((e, i) => {
      for (const f of e.fields) put(byTheme, themeOf(f), i);
      for (const [, ts] of termsOfKeywords(e)) put(byTerm, ts[0]!, i);
    });
    pool = { byTheme, byTerm, stamp: new Int32Array(experts.length), epoch: 0 };
    pools.set(experts, pool);
  }
  return pool;
}

/** Indexes of the experts that could fit a pair (the only ones suggestExperts scores), ascending. */
export function expertCandidates(experts: readonly ExpertInput[], o: OfferInput, d: DemandInput): number[] {
  return candidatesOf(poolOf(experts), o, d, pairTerms(o, d));
}

/** Indexes of the experts that share a theme or a keyword's first term with the pair, ascending. */
function candidatesOf(pool: ExpertPool, o: OfferInput, d: DemandInput, terms: Set<string>): number[] {
  const out: number[] = [];
  const epoch = ++pool.epoch;
  const mark = (list: number[] | undefined) => {
    if (list) for (const i of list) if (pool.stamp[i] !== epoch) {
      pool.stamp[i] = epoch;
      out.push(i);
    }
  };
  for (const f of d.fields) mark(pool.byTheme.get(themeOf(f)));
  for (const f of o.fields) mark(pool.byTheme.get(themeOf(f)));
  for (const t of terms) mark(pool.byTerm.get(t));
  return out.sort((a, b) => a - b);
}

function pairTerms(o: OfferInput, d: DemandInput): Set<string> {
  const out = new Set<string>();
  const loc = (l: Localized | null | undefined): void => {
    if (l) for (const s of [l.vi, l.en, l.ko]) if (s) addFoldedTerms(s, out);
  };
  loc(o.title);
  loc(o.summary);
  loc(d.title);
  loc(d.problem);
  for (const k of o.keywords) addFoldedTerms(k, out);
  for (const k of d.keywords) addFoldedTerms(k, out);
  return out;
}

/** What the meeting needs: a language both sides share, else one of each side's. */
function languageFit(e: ExpertInput, o: OfferInput, d: DemandInput): { fit: number; bridge: string[] } {
  const speaks = new Set(e.languages.filter((l) => USABLE_LEVELS.has(l.level)).map((l) => l.code));
  const shared = o.languages.filter((l) => d.languages.includes(l));
  if (shared.length > 0) return shared.some((l) => speaks.has(l)) ? { fit: 1, bridge: [] } : { fit: 0.1, bridge: [] };
  const a = o.languages.find((l) => speaks.has(l));
  const b = d.languages.find((l) => speaks.has(l));
  if (a && b) return { fit: e.roles.includes('interpreter') ? 1 : 0.9, bridge: [b, a] };
  return a || b ? { fit: 0.4, bridge: [] } : { fit: 0.1, bridge: [] };
}

/** The expert already has as many open proposals as meetings allowed (0: no limit). */
const booked = (e: ExpertInput, load: ReadonlyMap<string, number>): boolean => e.maxMeetingsPerEvent > 0 && (load.get(e.id) ?? 0) >= e.maxMeetingsPerEvent;

/**
 * Up to params.expertsPerProposal (at most 3) experts for a pair: field and keyword fit, the
 * languages the meeting needs, no conflict of interest with either organisation, fewer for the
 * already busy (load = open proposals already suggesting them, against maxMeetingsPerEvent).
 */
export function suggestExperts(
  offer: OfferInput,
  demand: DemandInput,
  experts: readonly ExpertInput[],
  load: ReadonlyMap<string, number>,
  params: MatchParams,
): SuggestedExpert[] {
  const limit = Math.max(0, Math.min(3, params.expertsPerProposal));
  // Once every expert is booked (a national run books them all within its first few thousand
  // proposals), nothing is left to suggest: the pair's texts are not even analysed.
  if (limit === 0 || !experts.some((e) => !booked(e, load))) return [];
  const orgs = [offer.organizationId, demand.organizationId];
  const terms = pairTerms(offer, demand);
  const scored: { e: ExpertInput; score: number; fit: number; kw: string[]; bridge: string[] }[] = [];
  for (const i of candidatesOf(poolOf(experts), offer, demand, terms)) {
    const e = experts[i]!;
    if (e.affiliationId !== null && orgs.includes(e.affiliationId)) continue;
    if (e.conflictOrganizationIds.some((c) => orgs.includes(c))) continue;
    if (booked(e, load)) continue;
    const used = load.get(e.id) ?? 0;
    const fit = Math.max(fieldCover(demand.fields, e.fields), fieldCover(offer.fields, e.fields));
    const kw: string[] = [];
    for (const [k, ts] of termsOfKeywords(e)) if (ts.every((t) => terms.has(t))) kw.push(k);
    if (fit === 0 && kw.length === 0) continue;
    const lang = languageFit(e, offer, demand);
    const role = e.roles.some((r) => CORE_ROLES.has(r)) ? 1 : 0.5;
    const loadFactor = e.maxMeetingsPerEvent > 0 ? 1 - (0.6 * used) / e.maxMeetingsPerEvent : 1;
    const score = (0.5 * fit + 0.3 * Math.min(1, kw.length / 2) + 0.2 * role) * lang.fit * loadFactor;
    scored.push({ e, score, fit, kw, bridge: lang.bridge });
  }
  scored.sort((a, b) => b.score - a.score || (a.e.id < b.e.id ? -1 : 1));
  return scored.slice(0, limit).map((s) => ({ expertId: s.e.id, score: s.score, reasons: expertReasons(s.e, offer, demand, s.kw, s.bridge) }));
}

function expertReasons(e: ExpertInput, o: OfferInput, d: DemandInput, kw: string[], bridge: string[]): Reason[] {
  const out: Reason[] = [];
  let best: [string, number] | null = null;
  for (const f of e.fields) for (const g of [...d.fields, ...o.fields]) {
    const s = fieldSim(f, g);
    if (s > 0 && (!best || s > best[1])) best = [s === 1 ? f : (LABEL.get(f)?.parent ?? f), s];
  }
  const label = best ? LABEL.get(best[0]) : undefined;
  if (label) out.push({ vi: `Chuyên gia lĩnh vực ${label.labelVi.toLocaleLowerCase('vi')}`, en: `Expert in ${label.labelEn.toLowerCase()}` });
  if (kw.length > 0) out.push({ vi: `Am hiểu: ${kw.slice(0, 3).join(', ')}`, en: `Knows: ${kw.slice(0, 3).join(', ')}` });
  if (bridge.length === 2) {
    const [a, b] = bridge.map((l) => LANG[l] ?? [l, l]) as [[string, string], [string, string]];
    out.push({ vi: `Nói được ${a[0]} và ${b[0]}`, en: `Speaks ${a[1]} and ${b[1]}` });
  }
  return out.slice(0, 3);
}
