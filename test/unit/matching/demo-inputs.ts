import { readFileSync } from 'node:fs';
import type { DemandInput, ExpertInput, Lang, OfferInput } from '../../../src/modules/matching/scoring/index.js';

/** The demo data set as matcher inputs, keyed by sourceRef (offer-001, demand-001, org-001, expert-001). */

type Json = Record<string, unknown>;
interface Demo {
  organizations: Json[];
  offers: Json[];
  demands: Json[];
  experts: Json[];
}

const demo = JSON.parse(readFileSync(new URL('../../../src/modules/demo/demo-data.json', import.meta.url), 'utf8')) as Demo;
const orgs = new Map(demo.organizations.map((o) => [o.sourceRef as string, o]));
const UPDATED = new Date('2026-09-01T00:00:00Z');

function org(ref: unknown): Json {
  const o = orgs.get(ref as string);
  if (!o) throw new Error(`unknown organisation ${String(ref)}`);
  return o;
}

export function demoOffers(): OfferInput[] {
  return demo.offers.map((x) => {
    const o = org(x.organizationRef);
    return {
      id: x.sourceRef as string,
      organizationId: x.organizationRef as string,
      province: o.province as string,
      country: o.country as string,
      language: x.language as Lang,
      title: x.title as OfferInput['title'],
      summary: (x.summary ?? {}) as OfferInput['summary'],
      description: (x.description ?? null) as OfferInput['description'],
      advantages: (x.advantages ?? null) as OfferInput['advantages'],
      applications: (x.applications ?? null) as OfferInput['applications'],
      fields: x.fields as string[],
      keywords: (x.keywords ?? []) as string[],
      trl: x.trl as number,
      transferForms: (x.transferForms ?? []) as string[],
      transferMethods: (x.transferMethods ?? []) as string[],
      dealTypes: (x.dealTypes ?? []) as string[],
      priceMin: (x.priceMin ?? null) as number | null,
      priceMax: (x.priceMax ?? null) as number | null,
      priceNegotiable: Boolean(x.priceNegotiable),
      targetProvinces: (x.targetProvinces ?? []) as string[],
      targetCountries: (x.targetCountries ?? []) as string[],
      regulatoryClass: (x.regulatoryClass ?? 'normal') as OfferInput['regulatoryClass'],
      updatedAt: UPDATED,
      languages: (o.languages as string[] | undefined) ?? [x.language as string],
    };
  });
}

export function demoDemands(): DemandInput[] {
  return demo.demands.map((x) => {
    const o = org(x.organizationRef);
    return {
      id: x.sourceRef as string,
      organizationId: x.organizationRef as string,
      province: (x.province ?? o.province) as string,
      country: o.country as string,
      language: x.language as Lang,
      title: x.title as DemandInput['title'],
      problem: (x.problem ?? {}) as DemandInput['problem'],
      currentProcess: (x.currentProcess ?? null) as DemandInput['currentProcess'],
      requiredResult: (x.requiredResult ?? null) as DemandInput['requiredResult'],
      constraints: (x.constraints ?? null) as DemandInput['constraints'],
      fields: x.fields as string[],
      keywords: (x.keywords ?? []) as string[],
      minTrl: (x.minTrl ?? null) as number | null,
      dealTypes: (x.dealTypes ?? []) as string[],
      transferMethods: (x.transferMethods ?? []) as string[],
      originPreference: (x.originPreference ?? 'any') as DemandInput['originPreference'],
      budgetMin: (x.budgetMin ?? null) as number | null,
      budgetMax: (x.budgetMax ?? null) as number | null,
      urgency: (x.urgency ?? 'medium') as DemandInput['urgency'],
      neededBy: (x.neededBy ?? null) as string | null,
      updatedAt: UPDATED,
      languages: (o.languages as string[] | undefined) ?? [x.language as string],
    };
  });
}

export function demoExperts(): ExpertInput[] {
  return demo.experts.map((x) => ({
    id: x.sourceRef as string,
    affiliationId: (x.affiliationRef ?? null) as string | null,
    province: x.province as string,
    fields: x.fields as string[],
    keywords: (x.keywords ?? []) as string[],
    bio: (x.bio ?? null) as ExpertInput['bio'],
    roles: (x.roles ?? []) as string[],
    languages: (x.languages ?? []) as ExpertInput['languages'],
    maxMeetingsPerEvent: (x.maxMeetingsPerEvent ?? 10) as number,
    conflictOrganizationIds: (x.conflictOrganizationRefs ?? []) as string[],
  }));
}

/** Rows of test/fixtures/demo-intended-matches.md: demand → intended offers and hard negatives. */
export function intendedMatches(): { demand: string; solved: string[]; partial: string[]; negatives: string[] }[] {
  const md = readFileSync(new URL('../../fixtures/demo-intended-matches.md', import.meta.url), 'utf8');
  const rows: { demand: string; solved: string[]; partial: string[]; negatives: string[] }[] = [];
  for (const line of md.split('\n')) {
    const m = /^\| d(\d{3}) \| ([^|]+)\| ([^|]+)\|/.exec(line);
    if (!m) continue;
    const solvedCell = m[2]!;
    // "064, 065 (017 partial)" and "074, 068 (partial)": ids in brackets, or just before "(partial)", only partly solve it.
    const partialIds = new Set<string>();
    for (const seg of solvedCell.matchAll(/\(([^)]*)\)/g)) for (const id of seg[1]!.matchAll(/\d{3}/g)) partialIds.add(`offer-${id[0]}`);
    for (const seg of solvedCell.matchAll(/(\d{3})\s*\(partial\)/g)) partialIds.add(`offer-${seg[1]}`);
    const all = [...solvedCell.replace(/\([^)]*\)/g, '').matchAll(/\d{3}/g)].map((x) => `offer-${x[0]}`);
    rows.push({
      demand: `demand-${m[1]}`,
      solved: all.filter((x) => !partialIds.has(x)),
      partial: [...partialIds],
      negatives: [...m[3]!.matchAll(/\d{3}/g)].map((x) => `offer-${x[0]}`),
    });
  }
  return rows;
}
