import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

/**
 * The statistics query: one "fact" per counted thing (a demand, an offer, a supplying
 * organisation, an expert, a proposal, a mutual acceptance, a scheduled / held / no-show meeting,
 * an MoU, a contract), each with its provinces (current and as recorded), top-level technology
 * fields, local day, events and connection point; then one GROUP BY over the facts.
 *
 * A fact that involves two provinces (a proposal, a meeting, an outcome) counts once under each
 * distinct province, and once in any total; archived records count (they stay for history).
 * Everything runs in the caller's scope, so row-level security applies.
 */
export const METRICS = ['demands', 'offers', 'supplyOrganizations', 'experts', 'proposals', 'mutuallyAccepted', 'meetingsScheduled', 'meetingsHeld', 'noShows', 'mous', 'contracts'] as const;
export type Metric = (typeof METRICS)[number];
export const DIMENSIONS = ['province', 'field', 'period', 'event', 'connectionPoint'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Period = 'month' | 'quarter' | 'year';

export interface StatsQuery {
  groupBy: readonly Dimension[];
  /** current: old codes rolled up to the 34 units; recorded: as the record was filed. */
  provinceMode: 'current' | 'recorded';
  period: Period;
  from?: string | undefined;
  to?: string | undefined;
  /** Only facts touching these current provinces (a portal's own, or a requested one); undefined: nationwide. */
  provinces?: readonly string[] | undefined;
}

export interface StatsRow {
  part: 'rows' | 'national';
  metric: Metric;
  province: string | null;
  field: string | null;
  period: string | null;
  event: string | null;
  connection_point: string | null;
  n: string | number;
  v: string | number | null;
}

const TZ = sql.raw(`'Asia/Ho_Chi_Minh'`);
const localDay = (column: SQL) => sql`((${column}) AT TIME ZONE ${TZ})::date`;
/** Top-level themes of a field list ("ENV.WATER" → "ENV"), each once. */
const themes = (column: SQL) => sql`ARRAY(SELECT DISTINCT split_part(t, '.', 1) FROM unnest(${column}) t)`;
const pair = (a: SQL, b: SQL) => sql`(CASE WHEN ${a} IS NOT DISTINCT FROM ${b} OR ${b} IS NULL THEN ARRAY[${a}] WHEN ${a} IS NULL THEN ARRAY[${b}] ELSE ARRAY[${a}, ${b}] END)`;
const NO_TEXT = sql`'{}'::text[]`;
const NO_UUID = sql`'{}'::uuid[]`;

/**
 * The reference statement: the figures computed straight from the records, in the caller's scope.
 * GET /v1/stats reads the statistics layer instead (statsQuery below); tests compare the two.
 */
export function directStatsQuery(q: StatsQuery, nationalGroupBy?: readonly Dimension[]): SQL {
  const by = new Set(q.groupBy);
  const wantField = by.has('field');
  const wantEvent = by.has('event');
  const wantRecorded = by.has('province') && q.provinceMode === 'recorded';
  const wantCp = by.has('connectionPoint');
  const provs = q.provinces ? sql`${`{${q.provinces.join(',')}}`}::text[]` : undefined;
  const inScope = (column: SQL) => (provs ? sql`${column} = ANY(${provs})` : sql`true`);
  const f = (col: string) => sql.raw(col);

  const ctes: SQL[] = [];
  if (wantEvent) {
    ctes.push(sql`org_events AS (SELECT organization_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_participants WHERE side = 'supply' GROUP BY 1)`);
    ctes.push(sql`expert_events AS (SELECT expert_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_participants WHERE side = 'expert' GROUP BY 1)`);
    ctes.push(sql`proposal_events AS (SELECT proposal_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_requests WHERE proposal_id IS NOT NULL GROUP BY 1)`);
  }
  // A supplier counts once under each theme of its offers (hash-aggregated pairs, not a per-organisation subquery); joined, these pairs also say it has an offer.
  if (wantField) ctes.push(sql`org_fields AS (SELECT DISTINCT organization_id AS id, split_part(t, '.', 1) AS theme FROM offers LEFT JOIN LATERAL unnest(fields) t ON true)`);

  /**
   * Offers and demands. By event, a record counts at every event it was brought to: listed by its
   * organisation's participant, or (an empty list) as one of all the organisation's records; one
   * fact per (record, event), as the join yields them (an organisation registers once per side and
   * event), and one without an event for a record brought nowhere.
   */
  const registry = (metric: Metric, table: 'offers' | 'demands', side: 'supply' | 'demand', ids: 'offer_ids' | 'demand_ids') => {
    const select = (evs: SQL) => sql`
      SELECT ${metric}::text AS metric, ARRAY[r.current_province] AS pc, ${wantRecorded ? sql`ARRAY[r.province]` : NO_TEXT} AS pr,
        ${wantField ? sql`r.fields` : NO_TEXT} AS th, ${localDay(sql`r.created_at`)} AS day, ${evs} AS evs,
        ${wantCp ? sql`r.source_system` : sql`NULL::text`} AS cp, NULL::bigint AS v, 1::bigint AS n`;
    const scoped = inScope(sql`r.current_province`);
    if (!wantEvent) return [sql`${select(NO_UUID)} FROM ${f(table)} r WHERE ${scoped}`];
    const byOrg = sql`SELECT p.organization_id, p.event_id FROM event_participants p WHERE p.side = ${side} AND cardinality(p.${f(ids)}) = 0`;
    const listed = sql`SELECT unnest(p.${f(ids)}) AS id, p.event_id FROM event_participants p WHERE p.side = ${side} AND cardinality(p.${f(ids)}) > 0`;
    /**
     * Brought by its organisation: count the records per organisation and needed attributes first,
     * then join those counts to the organisation's events (an organisation with 20 offers at 12
     * events is 12 rows, not 240; over five years of data 18,000 rows instead of 360,000).
     */
    const needDay = by.has('period') || q.from !== undefined || q.to !== undefined;
    const perOrg = sql`
      SELECT r.organization_id, ${by.has('province') && q.provinceMode === 'current' ? sql`ARRAY[r.current_province]` : NO_TEXT} AS pc, ${wantRecorded ? sql`ARRAY[r.province]` : NO_TEXT} AS pr,
        ${wantField ? sql`r.fields` : NO_TEXT} AS th, ${needDay ? localDay(sql`r.created_at`) : sql`NULL::date`} AS day, ${wantCp ? sql`r.source_system` : sql`NULL::text`} AS cp, count(*) AS n
      FROM ${f(table)} r WHERE ${scoped} GROUP BY 1, 2, 3, 4, 5, 6`;
    return [
      sql`SELECT ${metric}::text, r.pc, r.pr, r.th, r.day, ARRAY[x.event_id], r.cp, NULL::bigint, r.n FROM (${perOrg}) r JOIN (${byOrg}) x ON x.organization_id = r.organization_id`,
      sql`${select(sql`ARRAY[x.event_id]`)} FROM ${f(table)} r JOIN (${listed}) x ON x.id = r.id WHERE ${scoped}`,
      // Brought nowhere: hash anti-joins against the distinct organisations and listed ids.
      sql`${select(NO_UUID)} FROM ${f(table)} r
        LEFT JOIN (SELECT DISTINCT organization_id FROM (${byOrg}) x) a ON a.organization_id = r.organization_id
        LEFT JOIN (SELECT DISTINCT id FROM (${listed}) x) l ON l.id = r.id
        WHERE ${scoped} AND a.organization_id IS NULL AND l.id IS NULL`,
    ];
  };

  const facts: SQL[] = [
    ...registry('demands', 'demands', 'demand', 'demand_ids'),
    ...registry('offers', 'offers', 'supply', 'offer_ids'),
    sql`
    SELECT 'supplyOrganizations', ARRAY[o.current_province], ${wantRecorded ? sql`ARRAY[o.province]` : NO_TEXT},
      ${wantField ? sql`ARRAY[of.theme]` : NO_TEXT}, ${localDay(sql`o.created_at`)},
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID}, ${wantCp ? sql`o.source_system` : sql`NULL::text`}, NULL::bigint, 1::bigint
    FROM organizations o
      ${wantField ? sql`JOIN org_fields of ON of.id = o.id` : sql``}
      ${wantEvent ? sql`LEFT JOIN org_events ev ON ev.id = o.id` : sql``}
    WHERE ${wantField ? sql`true` : sql`EXISTS (SELECT 1 FROM offers x WHERE x.organization_id = o.id)`} AND ${inScope(sql`o.current_province`)}`,
    sql`
    SELECT 'experts', ARRAY[e.current_province], ${wantRecorded ? sql`ARRAY[e.province]` : NO_TEXT}, ${wantField ? sql`e.fields` : NO_TEXT}, ${localDay(sql`e.created_at`)},
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID}, ${wantCp ? sql`e.source_system` : sql`NULL::text`}, NULL::bigint, 1::bigint
    FROM experts e ${wantEvent ? sql`LEFT JOIN expert_events ev ON ev.id = e.id` : sql``}
    WHERE ${inScope(sql`e.current_province`)}`,
  ];

  // Joins only for what the grouping needs: the recorded province, the fields or the connection point.
  const either = (a: string, b: string) => (provs ? sql`(${f(a)} = ANY(${provs}) OR ${f(b)} = ANY(${provs}))` : sql`true`);

  /**
   * Nationwide, tens of thousands of proposals and meetings look up their offer and demand. Under
   * row-level security the planner expects a few hundred rows and probes the primary key once per
   * proposal (60,000 probes); read the few columns needed once into a hash instead (a CTE has no
   * index to probe). Row-level security applies inside the CTE as it would to the join. For a
   * province's figures the few probes stay cheaper.
   */
  const needOffer = wantRecorded || wantField;
  const needDemand = wantRecorded || wantField || wantCp;
  if (!provs && needOffer) ctes.push(sql`offer_side AS MATERIALIZED (SELECT id, province, fields FROM offers)`);
  if (!provs && needDemand) ctes.push(sql`demand_side AS MATERIALIZED (SELECT id, province, fields, source_system FROM demands)`);
  const offerSide = provs ? sql.raw('offers') : sql.raw('offer_side');
  const demandSide = provs ? sql.raw('demands') : sql.raw('demand_side');

  // Proposals: the offer's fields (else the demand's), the demand's connection point; a side hidden by row-level security falls back to the proposal's own provinces.
  const propOffer = needOffer;
  const propDemand = needDemand;
  const proposalBase = sql`
    SELECT p.id, p.created_at, p.supply_decision, p.demand_decision,
      ${pair(sql`p.supply_province`, sql`p.demand_province`)} AS pc,
      ${wantRecorded ? pair(sql`coalesce(o.province, p.supply_province)`, sql`coalesce(d.province, p.demand_province)`) : NO_TEXT} AS pr,
      ${wantField ? sql`coalesce(nullif(o.fields, '{}'), d.fields, '{}')` : NO_TEXT} AS th,
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID} AS evs, ${propDemand ? sql`d.source_system` : sql`NULL::text`} AS cp
    FROM proposals p ${propOffer ? sql`LEFT JOIN ${offerSide} o ON o.id = p.offer_id` : sql``} ${propDemand ? sql`LEFT JOIN ${demandSide} d ON d.id = p.demand_id` : sql``}
      ${wantEvent ? sql`LEFT JOIN proposal_events ev ON ev.id = p.id` : sql``}
    WHERE ${either('p.supply_province', 'p.demand_province')}`;
  const acceptedAt = (p: string) =>
    sql.raw(`CASE WHEN ${p}.supply_decision->>'decision' = 'accept' AND ${p}.demand_decision->>'decision' = 'accept'
          THEN greatest((${p}.supply_decision->>'at')::timestamptz, (${p}.demand_decision->>'at')::timestamptz) END`);
  if (!propOffer && !propDemand && !wantEvent) {
    // Nothing to join: two plain scans, the second reading the decisions' dates only where both sides accepted.
    facts.push(
      sql`SELECT 'proposals', ${pair(sql`p.supply_province`, sql`p.demand_province`)}, ${NO_TEXT}, ${NO_TEXT}, ${localDay(sql`p.created_at`)}, ${NO_UUID}, NULL::text, NULL::bigint, 1::bigint
        FROM proposals p WHERE ${either('p.supply_province', 'p.demand_province')}`,
      sql`SELECT 'mutuallyAccepted', ${pair(sql`p.supply_province`, sql`p.demand_province`)}, ${NO_TEXT}, ${NO_TEXT}, ${localDay(acceptedAt('p'))}, ${NO_UUID}, NULL::text, NULL::bigint, 1::bigint
        FROM proposals p WHERE ${acceptedAt('p')} IS NOT NULL AND ${either('p.supply_province', 'p.demand_province')}`,
    );
  } else {
  // One pass over the proposals: each counts as made (on its creation day) and, when both sides accepted, as mutually accepted (on the later decision's day).
  facts.push(sql`
    SELECT x.metric, p.pc, p.pr, p.th, ${localDay(sql`x.at`)}, p.evs, p.cp, NULL::bigint, 1::bigint
    FROM (${proposalBase}) p
      CROSS JOIN LATERAL (VALUES ('proposals', p.created_at), ('mutuallyAccepted', ${acceptedAt('p')})) x(metric, at)
    WHERE x.at IS NOT NULL`);
  }

  // Meetings of a published schedule (confirmed, then held or no-show); the two sides are the meeting's first two participants.
  const meetOrgs = wantRecorded || wantCp;
  const meetProposal = wantField || wantCp;
  const meets = sql`
    SELECT m.status, m.starts_at, ARRAY[m.event_id] AS evs,
      ${pair(sql`p1.current_province`, sql`p2.current_province`)} AS pc,
      ${wantRecorded ? pair(sql`coalesce(o1.province, p1.current_province)`, sql`coalesce(o2.province, p2.current_province)`) : NO_TEXT} AS pr,
      ${wantField ? sql`coalesce(nullif(po.fields, '{}'), pd.fields, '{}')` : NO_TEXT} AS th,
      ${wantCp ? sql`coalesce(pd.source_system, CASE WHEN p1.side = 'demand' THEN o1.source_system ELSE o2.source_system END)` : sql`NULL::text`} AS cp
    FROM event_meetings m
      JOIN event_participants p1 ON p1.id = m.participant_ids[1]
      JOIN event_participants p2 ON p2.id = m.participant_ids[2]
      ${meetOrgs ? sql`LEFT JOIN organizations o1 ON o1.id = p1.organization_id LEFT JOIN organizations o2 ON o2.id = p2.organization_id` : sql``}
      ${meetProposal ? sql`JOIN event_requests r ON r.id = m.request_id LEFT JOIN proposals pp ON pp.id = r.proposal_id LEFT JOIN ${demandSide} pd ON pd.id = pp.demand_id` : sql``}
      ${wantField ? sql`LEFT JOIN ${offerSide} po ON po.id = pp.offer_id` : sql``}
    WHERE m.status IN ('confirmed', 'held', 'no_show') AND ${either('p1.current_province', 'p2.current_province')}`;
  // One pass over the meetings: each counts as scheduled, and as held or as a no-show.
  facts.push(sql`
    SELECT x.metric, m.pc, m.pr, m.th, ${localDay(sql`m.starts_at`)}, m.evs, m.cp, NULL::bigint, 1::bigint
    FROM (${meets}) m CROSS JOIN LATERAL (VALUES ('meetingsScheduled'), (CASE m.status WHEN 'held' THEN 'meetingsHeld' WHEN 'no_show' THEN 'noShows' END)) x(metric)
    WHERE x.metric IS NOT NULL`);

  const outcomeFact = (metric: Metric, day: string, value: SQL) => sql`
    SELECT ${metric}::text, ${pair(sql`supply_current_province`, sql`demand_current_province`)}, ${wantRecorded ? pair(sql`supply_province`, sql`demand_province`) : NO_TEXT},
      ${wantField ? sql`fields` : NO_TEXT}, ${f(day)}, CASE WHEN event_id IS NULL THEN ${NO_UUID} ELSE ARRAY[event_id] END, ${wantCp ? sql`connection_point` : sql`NULL::text`}, ${value}, 1::bigint
    FROM outcomes WHERE ${f(day)} IS NOT NULL AND ${either('supply_current_province', 'demand_current_province')}`;
  facts.push(outcomeFact('mous', 'mou_on', sql`NULL::bigint`), outcomeFact('contracts', 'contract_on', sql`value_vnd`));

  // Phase 1 keeps the period's first day (cheap per record); phase 2 labels the few groups.
  const unit = sql.raw(`'${q.period}'`);
  const period = sql`date_trunc(${unit}, f.day)::date`;
  const label = q.period === 'month' ? sql`to_char(a.period, 'YYYY-MM')` : q.period === 'quarter' ? sql`to_char(a.period, 'YYYY') || '-Q' || to_char(a.period, 'Q')` : sql`to_char(a.period, 'YYYY')`;
  const where = [q.from ? sql`f.day >= ${q.from}::date` : undefined, q.to ? sql`f.day <= ${q.to}::date` : undefined].filter((x): x is SQL => x !== undefined);
  // Phase 2: expand the (few) phase-1 groups into the requested dimensions; a fact counts once per distinct province, theme and event.
  const expand = (part: string, groupBy: ReadonlySet<Dimension>) => {
    const joins: SQL[] = [];
    if (groupBy.has('province')) joins.push(sql`CROSS JOIN LATERAL unnest(${q.provinceMode === 'current' ? sql`a.pc` : sql`a.pr`}) AS pv(p)`);
    if (groupBy.has('field')) joins.push(sql`LEFT JOIN LATERAL unnest(${themes(sql`a.th`)}) AS fd(t) ON true`);
    if (groupBy.has('event')) joins.push(sql`LEFT JOIN LATERAL unnest(a.evs) AS ev(e) ON true`);
    return sql`
      SELECT ${part}::text AS part, a.metric, ${groupBy.has('province') ? sql`pv.p` : sql`NULL::text`} AS province, ${groupBy.has('field') ? sql`fd.t` : sql`NULL::text`} AS field,
        ${groupBy.has('period') ? label : sql`NULL::text`} AS period, ${groupBy.has('event') ? sql`ev.e::text` : sql`NULL::text`} AS event,
        ${groupBy.has('connectionPoint') ? sql`a.cp` : sql`NULL::text`} AS connection_point, sum(a.n) AS n, sum(a.v) AS v
      FROM phase1 a ${sql.join(joins, sql` `)}
      GROUP BY 1, 2, 3, 4, 5, 6, 7`;
  };
  const parts = [expand('rows', by), ...(nationalGroupBy ? [expand('national', new Set(nationalGroupBy))] : [])];
  // Phase 1, per source: one group per distinct combination of the raw attributes the grouping needs, so that arrays are expanded per group, not per record.
  const phase1 = facts.map(
    (fact) => sql`
      SELECT f.metric, ${by.has('province') && q.provinceMode === 'current' ? sql`f.pc` : NO_TEXT} AS pc, ${wantRecorded ? sql`f.pr` : NO_TEXT} AS pr,
        ${wantField ? sql`f.th` : NO_TEXT} AS th, ${by.has('period') ? period : sql`NULL::date`} AS period, ${wantEvent ? sql`f.evs` : NO_UUID} AS evs,
        ${wantCp ? sql`f.cp` : sql`NULL::text`} AS cp, sum(f.n) AS n, sum(f.v) AS v
      FROM (${fact}) f(metric, pc, pr, th, day, evs, cp, v, n) ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  );
  ctes.push(sql`phase1 AS MATERIALIZED (${sql.join(phase1, sql` UNION ALL `)})`);
  const query = sql`
    WITH ${sql.join(ctes, sql`, `)}
    ${sql.join(parts, sql` UNION ALL `)}`;
  return query;
}

/** The reference figures straight from the records (rows part and, given nationalGroupBy, the national part, which must then be unrestricted). */
export async function directStatsRows(db: Db, q: StatsQuery, nationalGroupBy?: readonly Dimension[]): Promise<StatsRow[]> {
  // Phase 1 groups tens of thousands of proposals and meetings by small arrays. Under row-level
  // security the planner estimates a few hundred rows where there are tens of thousands and picks
  // sort-based grouping (and with the default 4 MB would spill anyway): hash them, with the memory
  // to do so, for this statement only.
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    // By event, array_agg(DISTINCT …) and DISTINCT need their sorts: there, the planner's choice stands.
    if (!q.groupBy.includes('event')) await tx.execute(sql`SET LOCAL enable_sort = off`);
    return queryRows<StatsRow>(tx, directStatsQuery(q, nationalGroupBy));
  });
}

/**
 * The statistics layer (migration 0015): stats_facts holds one row per counted thing with every
 * attribute a grouping needs, kept current by triggers on the source records; stats_summary its
 * monthly sums for no grouping, province (current or as recorded) and one of field, event and
 * connection point. A query reads the monthly sums for the months it covers whole, and the facts
 * of a month its date range cuts; a grouping without monthly sums (two of field, event and
 * connection point, or a province with one of them) reads the facts. The same figures as
 * directStatsQuery (test/integration/stats-layer.test.ts compares them after random changes).
 */
const DIM_CODE = { field: 1, event: 2, connectionPoint: 3 } as const;
type Kind = { pmode: 0 | 1 | 2; dim: 0 | 1 | 2 | 3 };

/** The monthly sums that answer this grouping in this scope, if any. */
export function summaryKind(groupBy: ReadonlySet<Dimension>, provinceMode: 'current' | 'recorded', provinces: readonly string[] | undefined): Kind | undefined {
  const others = [...groupBy].filter((d): d is keyof typeof DIM_CODE => d !== 'province' && d !== 'period');
  if (others.length > 1) return undefined;
  const dim = others[0] ? DIM_CODE[others[0]] : 0;
  let pmode: Kind['pmode'] = groupBy.has('province') ? (provinceMode === 'current' ? 1 : 2) : 0;
  if (provinces) {
    // A scope reads its provinces' sums: each fact once under each of them, so without grouping by province only a single province is exact.
    if (dim !== 0 || pmode === 2 || (pmode === 0 && provinces.length > 1)) return undefined;
    pmode = 1;
  }
  if (pmode !== 0 && dim !== 0) return undefined;
  return { pmode, dim };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00Z`);
const addMonths = (s: string, n: number) => {
  const d = utc(s);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
};
const addDays = (s: string, n: number) => iso(new Date(utc(s).getTime() + n * 86_400_000));

/** The whole months of [from, to] (first days, inclusive) and the days outside them that the range still covers. */
export function splitRange(from: string | undefined, to: string | undefined): { months?: [string | undefined, string | undefined]; days: [string | undefined, string | undefined][] } {
  const first = from === undefined ? undefined : from.endsWith('-01') ? from : addMonths(from, 1);
  // The last whole month: to's own when to is its last day.
  const last = to === undefined ? undefined : addDays(to, 1).endsWith('-01') ? addMonths(to, 0) : addMonths(to, -1);
  if (first !== undefined && last !== undefined && first > last) return { days: [[from, to]] };
  const days: [string | undefined, string | undefined][] = [];
  if (from !== undefined && first !== undefined && from < first) days.push([from, addDays(first, -1)]);
  if (to !== undefined && last !== undefined && to >= addMonths(last, 1)) days.push([addMonths(last, 1), to]);
  return { months: [first, last], days };
}

export function statsQuery(q: StatsQuery, nationalGroupBy?: readonly Dimension[]): SQL {
  const parts = [layerPart('rows', new Set(q.groupBy), q), ...(nationalGroupBy ? [layerPart('national', new Set(nationalGroupBy), { ...q, provinces: undefined })] : [])];
  return sql.join(parts, sql` UNION ALL `);
}

function layerPart(part: 'rows' | 'national', by: ReadonlySet<Dimension>, q: StatsQuery): SQL {
  const provs = q.provinces ? sql`${`{${q.provinces.join(',')}}`}::text[]` : undefined;
  const unit = sql.raw(`'${q.period}'`);
  const label = q.period === 'month' ? sql`to_char(a.period, 'YYYY-MM')` : q.period === 'quarter' ? sql`to_char(a.period, 'YYYY') || '-Q' || to_char(a.period, 'Q')` : sql`to_char(a.period, 'YYYY')`;
  const period = (day: SQL) => (by.has('period') ? sql`date_trunc(${unit}, ${day})::date` : sql`NULL::date`);
  const between = (column: SQL, [a, b]: [string | undefined, string | undefined]) =>
    sql.join([a !== undefined ? sql`${column} >= ${a}::date` : sql`true`, b !== undefined ? sql`${column} <= ${b}::date` : sql`true`], sql` AND `);
  const listOrNull = (column: string, type: string) => sql.raw(`unnest(CASE WHEN cardinality(f.${column}) = 0 THEN ARRAY[NULL::${type}] ELSE f.${column} END)`);

  /** Facts in these day ranges, expanded into the given province mode and dimension(s). */
  const facts = (ranges: [string | undefined, string | undefined][], expand: { province?: 'pc' | 'pr'; field?: boolean; event?: boolean; cp?: boolean; scopeByProvince?: boolean }) => {
    const joins: SQL[] = [];
    if (expand.province) joins.push(sql`CROSS JOIN LATERAL unnest(f.${sql.raw(expand.province)}) pv(p)`);
    if (expand.field) joins.push(sql`CROSS JOIN LATERAL ${listOrNull('th', 'text')} fd(t)`);
    if (expand.event) joins.push(sql`CROSS JOIN LATERAL ${listOrNull('evs', 'uuid')} ev(e)`);
    const where = [ranges.length === 1 && ranges[0]?.[0] === undefined && ranges[0]?.[1] === undefined ? sql`true` : sql`(${sql.join(ranges.map((r) => sql`(${between(sql`f.day`, r)})`), sql` OR `)})`];
    if (provs) where.push(expand.scopeByProvince ? sql`pv.p = ANY(${provs})` : sql`f.pc && ${provs}`);
    return { joins: sql.join(joins, sql` `), where: sql.join(where, sql` AND `) };
  };

  const kind = summaryKind(by, q.provinceMode, q.provinces);
  let inner: SQL;
  if (kind) {
    const { months, days } = splitRange(q.from, q.to);
    const dimCol = (d: 1 | 2 | 3) => (kind.dim === d ? sql`k` : sql`NULL::text`);
    const pCol = by.has('province') ? sql`p` : sql`NULL::text`;
    const sources: SQL[] = [];
    if (months) {
      const scoped = provs ? sql` AND s.p = ANY(${provs})` : sql``;
      sources.push(sql`SELECT s.metric, s.p, s.k, s.month AS day, s.n, s.v FROM stats_summary s
        WHERE s.pmode = ${kind.pmode} AND s.dim = ${kind.dim} AND ${between(sql`s.month`, months)}${scoped}`);
    }
    if (days.length > 0) {
      const f = facts(days, { ...(kind.pmode > 0 && { province: kind.pmode === 1 ? 'pc' : 'pr', scopeByProvince: true }), field: kind.dim === 1, event: kind.dim === 2 });
      const k = kind.dim === 1 ? sql`fd.t` : kind.dim === 2 ? sql`ev.e::text` : kind.dim === 3 ? sql`f.cp` : sql`NULL::text`;
      sources.push(sql`SELECT f.metric, ${kind.pmode > 0 ? sql`pv.p` : sql`NULL::text`}, ${k}, f.day, 1::bigint, coalesce(f.v, 0) FROM stats_facts f ${f.joins} WHERE ${f.where}`);
    }
    inner = sql`
      SELECT x.metric, ${pCol} AS province, ${dimCol(1)} AS field, ${period(sql`x.day`)} AS period, ${dimCol(2)} AS event, ${dimCol(3)} AS connection_point, sum(x.n) AS n, sum(x.v) AS v
      FROM (${sql.join(sources, sql` UNION ALL `)}) x(metric, p, k, day, n, v)
      GROUP BY 1, 2, 3, 4, 5, 6`;
  } else {
    const province = by.has('province') ? (q.provinceMode === 'current' ? 'pc' : 'pr') : undefined;
    const f = facts([[q.from, q.to]], { ...(province && { province }), field: by.has('field'), event: by.has('event') });
    inner = sql`
      SELECT f.metric, ${province ? sql`pv.p` : sql`NULL::text`} AS province, ${by.has('field') ? sql`fd.t` : sql`NULL::text`} AS field, ${period(sql`f.day`)} AS period,
        ${by.has('event') ? sql`ev.e::text` : sql`NULL::text`} AS event, ${by.has('connectionPoint') ? sql`f.cp` : sql`NULL::text`} AS connection_point, count(*) AS n, sum(coalesce(f.v, 0)) AS v
      FROM stats_facts f ${f.joins} WHERE ${f.where}
      GROUP BY 1, 2, 3, 4, 5, 6`;
  }
  return sql`
    SELECT ${part}::text AS part, a.metric, a.province, a.field, ${by.has('period') ? label : sql`NULL::text`} AS period, a.event, a.connection_point, sum(a.n) AS n, sum(a.v) AS v
    FROM (${inner}) a GROUP BY a.metric, a.province, a.field, a.period, a.event, a.connection_point HAVING sum(a.n) > 0`;
}

/** Deltas the triggers may append before the next statistics read folds them (about 150 offer changes; folding 2,000 takes ~0.1 s, and a read of the deltas as they are costs next to nothing). */
const COMPACT_AFTER = 2_000;

/** The rows part (and, given nationalGroupBy, the national part, which must then be unrestricted), from the statistics layer. */
export async function statsRows(db: Db, q: StatsQuery, nationalGroupBy?: readonly Dimension[]): Promise<StatsRow[]> {
  await db.execute(sql`SELECT ketnoi_stats_compact(${COMPACT_AFTER})`);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return queryRows<StatsRow>(tx, statsQuery(q, nationalGroupBy));
  });
}
