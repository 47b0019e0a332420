import { FIELDS } from '../../reference/fields.data.js';
import { addFoldedTerms, analyze } from './analyze.js';
import { themeOf } from './corpus.js';
import { fieldSim } from './features.js';
import type { Criterion, DemandInput, OfferInput, Reason } from './types.js';

const LABEL = new Map(FIELDS.map((f) => [f.code, f]));

const DEAL_LABELS: Record<string, [string, string]> = {
  licence_exclusive: ['li-xăng độc quyền', 'exclusive licence'],
  licence_non_exclusive: ['li-xăng không độc quyền', 'non-exclusive licence'],
  sale: ['mua đứt', 'outright sale'],
  joint_venture: ['liên doanh', 'joint venture'],
  rd_cooperation: ['hợp tác nghiên cứu', 'R&D cooperation'],
  technical_assistance: ['hỗ trợ kỹ thuật', 'technical assistance'],
  equipment_supply: ['cung cấp thiết bị', 'equipment supply'],
  consulting: ['tư vấn', 'consulting'],
};
const LANG_LABELS: Record<string, [string, string]> = {
  vi: ['tiếng Việt', 'Vietnamese'],
  en: ['tiếng Anh', 'English'],
  ko: ['tiếng Hàn', 'Korean'],
  ja: ['tiếng Nhật', 'Japanese'],
  zh: ['tiếng Trung', 'Chinese'],
  fr: ['tiếng Pháp', 'French'],
  de: ['tiếng Đức', 'German'],
  ru: ['tiếng Nga', 'Russian'],
};

function trimNumber(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, '');
}

/** A VND amount or range the Vietnamese way ("0,8–1,2 tỷ") and the English way ("0.8–1.2 billion VND"). */
export function formatVnd(min: number | null, max: number | null): Reason {
  const top = Math.max(min ?? 0, max ?? 0);
  const [div, vi, en] = top >= 1e9 ? [1e9, 'tỷ', 'billion VND'] : top >= 1e6 ? [1e6, 'triệu', 'million VND'] : [1, 'đồng', 'VND'];
  const n = (x: number): string => trimNumber(x / div);
  const v = (x: number): string => n(x).replace('.', ',');
  if (min !== null && max !== null && min !== max) return { vi: `${v(min)}–${v(max)} ${vi}`, en: `${n(min)}–${n(max)} ${en}` };
  if (min !== null && max === null) return { vi: `từ ${v(min)} ${vi}`, en: `from ${n(min)} ${en}` };
  if (min === null && max !== null) return { vi: `đến ${v(max)} ${vi}`, en: `up to ${n(max)} ${en}` };
  const x = (min ?? max)!;
  return { vi: `${v(x)} ${vi}`, en: `${n(x)} ${en}` };
}

function fieldReason(o: OfferInput, d: DemandInput): Reason | null {
  let best: [string, string, number] | null = null;
  for (const a of d.fields) for (const b of o.fields) {
    const s = fieldSim(a, b);
    if (s > 0 && (best === null || s > best[2])) best = [a, b, s];
  }
  if (!best) return null;
  if (best[2] === 1) {
    const f = LABEL.get(best[0]);
    return f ? { vi: `Cùng lĩnh vực ${f.labelVi.toLocaleLowerCase('vi')}`, en: `Same field: ${f.labelEn.toLowerCase()}` } : null;
  }
  const t = LABEL.get(themeOf(best[0]));
  return t ? { vi: `Cùng nhóm lĩnh vực ${t.labelVi.toLocaleLowerCase('vi')}`, en: `Related fields: ${t.labelEn.toLowerCase()}` } : null;
}

/** Demand keywords the offer also speaks of (every folded term of the keyword present in the offer). */
// An offer is explained once per proposal it gets (up to the per-offer cap) and a keyword once per
// demand's proposal. The last offer's terms are kept (callers explaining many pairs go offer by
// offer) and keywords' terms in a bounded map, so a national run does not analyse the same texts
// over and over, nor keep every offer's terms alive.
let lastOffer: OfferInput | undefined;
let lastTerms = new Set<string>();
const keywordTermsCache = new Map<string, string[]>();

function offerTerms(o: OfferInput): Set<string> {
  if (o !== lastOffer) {
    const set = new Set<string>();
    const add = (s: string | undefined | null): void => {
      if (s) addFoldedTerms(s, set);
    };
    for (const l of [o.title, o.summary, o.description, o.applications, o.advantages]) if (l) [l.vi, l.en, l.ko].forEach(add);
    o.keywords.forEach(add);
    lastOffer = o;
    lastTerms = set;
  }
  return lastTerms;
}

function keywordTerms(k: string): string[] {
  let terms = keywordTermsCache.get(k);
  if (terms === undefined) {
    terms = analyze(k).folded.filter((t) => !t.startsWith('~'));
    if (keywordTermsCache.size >= 50_000) keywordTermsCache.clear();
    keywordTermsCache.set(k, terms);
  }
  return terms;
}

function sharedKeywords(o: OfferInput, d: DemandInput, max: number): string[] {
  const out: string[] = [];
  if (d.keywords.length === 0) return out;
  const have = offerTerms(o);
  for (const k of d.keywords) {
    const terms = keywordTerms(k);
    if (terms.length > 0 && terms.every((t) => have.has(t))) out.push(k);
    if (out.length >= max) break;
  }
  return out;
}

function joinLabels(codes: string[], table: Record<string, [string, string]>): Reason {
  const vi = codes.map((c) => table[c]?.[0] ?? c).join(', ');
  const en = codes.map((c) => table[c]?.[1] ?? c).join(', ');
  return { vi, en };
}

/** Reason text per criterion when that criterion speaks for the pair; null when it has nothing to say. */
export function criterionReason(c: Criterion, o: OfferInput, d: DemandInput, value: number): Reason | null {
  switch (c) {
    case 'text': {
      const kw = sharedKeywords(o, d, 3);
      if (kw.length > 0) return { vi: `Trùng từ khóa: ${kw.join(', ')}`, en: `Shared keywords: ${kw.join(', ')}` };
      return value >= 0.5 ? { vi: 'Nội dung công nghệ sát với nhu cầu', en: 'The technology description closely matches the need' } : null;
    }
    case 'fields':
      return fieldReason(o, d);
    case 'trl':
      if (d.minTrl === null) return null;
      return o.trl >= d.minTrl
        ? { vi: `TRL ${o.trl} ≥ yêu cầu ${d.minTrl}`, en: `TRL ${o.trl} ≥ required ${d.minTrl}` }
        : { vi: `TRL ${o.trl} thấp hơn yêu cầu ${d.minTrl}`, en: `TRL ${o.trl} below required ${d.minTrl}` };
    case 'price': {
      const pMin = o.priceMin ?? o.priceMax;
      const bMax = d.budgetMax ?? d.budgetMin;
      if (pMin !== null && bMax !== null && pMin <= bMax) {
        const p = formatVnd(o.priceMin, o.priceMax);
        return { vi: `giá ${p.vi} nằm trong ngân sách`, en: `price ${p.en} within budget` };
      }
      return o.priceNegotiable ? { vi: 'giá có thể thỏa thuận', en: 'price negotiable' } : null;
    }
    case 'deal': {
      const shared = o.dealTypes.filter((x) => d.dealTypes.includes(x)).slice(0, 2);
      if (shared.length === 0) return null;
      const l = joinLabels(shared, DEAL_LABELS);
      return { vi: `Hình thức hợp tác phù hợp: ${l.vi}`, en: `Matching deal type: ${l.en}` };
    }
    case 'geography':
      return o.targetProvinces.includes(d.province)
        ? { vi: 'Bên cung nhắm tới địa bàn của bên cầu', en: "The owner targets the demand's province" }
        : null;
    case 'origin':
      if (d.originPreference === 'domestic' && o.country === 'VN') return { vi: 'Công nghệ trong nước như mong muốn', en: 'Domestic technology, as preferred' };
      if (d.originPreference === 'foreign' && o.country !== 'VN') return { vi: 'Công nghệ nước ngoài như mong muốn', en: 'Foreign technology, as preferred' };
      return null;
    case 'language': {
      const shared = o.languages.filter((x) => d.languages.includes(x)).slice(0, 2);
      if (shared.length === 0) return null;
      const l = joinLabels(shared, LANG_LABELS);
      return { vi: `Cùng ngôn ngữ làm việc: ${l.vi}`, en: `Shared working language: ${l.en}` };
    }
    case 'method': {
      if (o.transferMethods.some((x) => d.transferMethods.includes(x)))
        return { vi: 'Phương thức chuyển giao phù hợp', en: 'Matching transfer method' };
      return null;
    }
    case 'freshness':
      return null;
  }
}
