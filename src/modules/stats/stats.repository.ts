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

export async function statsRows(db: Db, q: StatsQuery): Promise<StatsRow[]> {
  const by = new Set(q.groupBy);
  const wantField = by.has('field');
  const wantEvent = by.has('event');
  const provs = q.provinces ? sql`${`{${q.provinces.join(',')}}`}::text[]` : undefined;
  const inScope = (column: SQL) => (provs ? sql`${column} = ANY(${provs})` : sql`true`);
  const overlaps = (arr: SQL) => (provs ? sql`${arr} && ${provs}` : sql`true`);
  const f = (col: string) => sql.raw(col);

  // Which events a record was brought to: listed explicitly by a participant, or (empty list) all of the organisation's.
  const broughtTo = (table: 'offers' | 'demands', side: 'supply' | 'demand', ids: 'offer_ids' | 'demand_ids') => sql`
    SELECT id, array_agg(DISTINCT event_id) AS evs FROM (
      SELECT unnest(p.${f(ids)}) AS id, p.event_id FROM event_participants p WHERE p.side = ${side} AND cardinality(p.${f(ids)}) > 0
      UNION ALL
      SELECT r.id, p.event_id FROM event_participants p JOIN ${f(table)} r ON r.organization_id = p.organization_id WHERE p.side = ${side} AND cardinality(p.${f(ids)}) = 0
    ) x GROUP BY id`;

  const ctes: SQL[] = [];
  if (wantEvent) {
    ctes.push(sql`offer_events AS (${broughtTo('offers', 'supply', 'offer_ids')})`);
    ctes.push(sql`demand_events AS (${broughtTo('demands', 'demand', 'demand_ids')})`);
    ctes.push(sql`org_events AS (SELECT organization_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_participants WHERE side = 'supply' GROUP BY 1)`);
    ctes.push(sql`expert_events AS (SELECT expert_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_participants WHERE side = 'expert' GROUP BY 1)`);
    ctes.push(sql`proposal_events AS (SELECT proposal_id AS id, array_agg(DISTINCT event_id) AS evs FROM event_requests WHERE proposal_id IS NOT NULL GROUP BY 1)`);
  }
  if (wantField) ctes.push(sql`org_fields AS (SELECT organization_id AS id, array_agg(DISTINCT split_part(t, '.', 1)) AS themes FROM offers, unnest(fields) t GROUP BY 1)`);

  const registry = (metric: Metric, table: 'offers' | 'demands', events: string) => sql`
    SELECT ${metric}::text AS metric, ARRAY[r.current_province] AS pc, ARRAY[r.province] AS pr,
      ${wantField ? themes(sql`r.fields`) : NO_TEXT} AS th, ${localDay(sql`r.created_at`)} AS day,
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID} AS evs, r.source_system AS cp, NULL::bigint AS v
    FROM ${f(table)} r ${wantEvent ? sql`LEFT JOIN ${f(events)} ev ON ev.id = r.id` : sql``}
    WHERE ${inScope(sql`r.current_province`)}`;

  const facts: SQL[] = [
    registry('demands', 'demands', 'demand_events'),
    registry('offers', 'offers', 'offer_events'),
    sql`
    SELECT 'supplyOrganizations', ARRAY[o.current_province], ARRAY[o.province],
      ${wantField ? sql`coalesce(of.themes, ${NO_TEXT})` : NO_TEXT}, ${localDay(sql`o.created_at`)},
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID}, o.source_system, NULL::bigint
    FROM organizations o
      ${wantField ? sql`LEFT JOIN org_fields of ON of.id = o.id` : sql``}
      ${wantEvent ? sql`LEFT JOIN org_events ev ON ev.id = o.id` : sql``}
    WHERE EXISTS (SELECT 1 FROM offers x WHERE x.organization_id = o.id) AND ${inScope(sql`o.current_province`)}`,
    sql`
    SELECT 'experts', ARRAY[e.current_province], ARRAY[e.province], ${wantField ? themes(sql`e.fields`) : NO_TEXT}, ${localDay(sql`e.created_at`)},
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID}, e.source_system, NULL::bigint
    FROM experts e ${wantEvent ? sql`LEFT JOIN expert_events ev ON ev.id = e.id` : sql``}
    WHERE ${inScope(sql`e.current_province`)}`,
  ];

  // Proposals: the offer's fields (else the demand's), the demand's connection point; a side hidden by row-level security falls back to the proposal's own provinces.
  const proposalBase = sql`
    SELECT p.id, p.created_at, p.supply_decision, p.demand_decision,
      ${pair(sql`p.supply_province`, sql`p.demand_province`)} AS pc,
      ${pair(sql`coalesce(o.province, p.supply_province)`, sql`coalesce(d.province, p.demand_province)`)} AS pr,
      ${wantField ? themes(sql`coalesce(nullif(o.fields, '{}'), d.fields, '{}')`) : NO_TEXT} AS th,
      ${wantEvent ? sql`coalesce(ev.evs, ${NO_UUID})` : NO_UUID} AS evs, d.source_system AS cp
    FROM proposals p LEFT JOIN offers o ON o.id = p.offer_id LEFT JOIN demands d ON d.id = p.demand_id
      ${wantEvent ? sql`LEFT JOIN proposal_events ev ON ev.id = p.id` : sql``}`;
  ctes.push(sql`props AS (${proposalBase})`);
  facts.push(sql`SELECT 'proposals', pc, pr, th, ${localDay(sql`created_at`)}, evs, cp, NULL::bigint FROM props WHERE ${overlaps(sql`pc`)}`);
  facts.push(sql`
    SELECT 'mutuallyAccepted', pc, pr, th, ${localDay(sql`greatest((supply_decision->>'at')::timestamptz, (demand_decision->>'at')::timestamptz)`)}, evs, cp, NULL::bigint FROM props
    WHERE supply_decision->>'decision' = 'accept' AND demand_decision->>'decision' = 'accept' AND ${overlaps(sql`pc`)}`);

  // Meetings of a published schedule (confirmed, then held or no-show); the two sides are the request's participants.
  ctes.push(sql`meets AS (
    SELECT m.status, m.starts_at, ARRAY[m.event_id] AS evs,
      ${pair(sql`p1.current_province`, sql`p2.current_province`)} AS pc,
      ${pair(sql`coalesce(o1.province, p1.current_province)`, sql`coalesce(o2.province, p2.current_province)`)} AS pr,
      ${wantField ? themes(sql`coalesce(nullif(po.fields, '{}'), pd.fields, '{}')`) : NO_TEXT} AS th,
      coalesce(pd.source_system, CASE WHEN p1.side = 'demand' THEN o1.source_system ELSE o2.source_system END) AS cp
    FROM event_meetings m
      JOIN event_requests r ON r.id = m.request_id
      JOIN event_participants p1 ON p1.id = r.requester_id
      JOIN event_participants p2 ON p2.id = r.other_id
      LEFT JOIN organizations o1 ON o1.id = p1.organization_id
      LEFT JOIN organizations o2 ON o2.id = p2.organization_id
      LEFT JOIN proposals pp ON pp.id = r.proposal_id
      LEFT JOIN offers po ON po.id = pp.offer_id
      LEFT JOIN demands pd ON pd.id = pp.demand_id
    WHERE m.status IN ('confirmed', 'held', 'no_show'))`);
  const meetingFact = (metric: Metric, where: SQL) => sql`SELECT ${metric}::text, pc, pr, th, ${localDay(sql`starts_at`)}, evs, cp, NULL::bigint FROM meets WHERE ${where} AND ${overlaps(sql`pc`)}`;
  facts.push(meetingFact('meetingsScheduled', sql`true`), meetingFact('meetingsHeld', sql`status = 'held'`), meetingFact('noShows', sql`status = 'no_show'`));

  const outcomeFact = (metric: Metric, day: string, value: SQL) => sql`
    SELECT ${metric}::text, ${pair(sql`supply_current_province`, sql`demand_current_province`)}, ${pair(sql`supply_province`, sql`demand_province`)},
      ${wantField ? themes(sql`fields`) : NO_TEXT}, ${f(day)}, CASE WHEN event_id IS NULL THEN ${NO_UUID} ELSE ARRAY[event_id] END, connection_point, ${value}
    FROM outcomes WHERE ${f(day)} IS NOT NULL AND ${provs ? sql`(supply_current_province = ANY(${provs}) OR demand_current_province = ANY(${provs}))` : sql`true`}`;
  facts.push(outcomeFact('mous', 'mou_on', sql`NULL::bigint`), outcomeFact('contracts', 'contract_on', sql`value_vnd`));

  const period = q.period === 'month' ? sql`to_char(f.day, 'YYYY-MM')` : q.period === 'quarter' ? sql`to_char(f.day, 'YYYY') || '-Q' || to_char(f.day, 'Q')` : sql`to_char(f.day, 'YYYY')`;
  const joins: SQL[] = [];
  if (by.has('province')) joins.push(sql`CROSS JOIN LATERAL unnest(${q.provinceMode === 'current' ? sql`f.pc` : sql`f.pr`}) AS pv(p)`);
  if (wantField) joins.push(sql`LEFT JOIN LATERAL unnest(f.th) AS fd(t) ON true`);
  if (wantEvent) joins.push(sql`LEFT JOIN LATERAL unnest(f.evs) AS ev(e) ON true`);
  const dims = {
    province: by.has('province') ? sql`pv.p` : sql`NULL::text`,
    field: wantField ? sql`fd.t` : sql`NULL::text`,
    period: by.has('period') ? period : sql`NULL::text`,
    event: wantEvent ? sql`ev.e::text` : sql`NULL::text`,
    connection_point: by.has('connectionPoint') ? sql`f.cp` : sql`NULL::text`,
  };
  const where = [q.from ? sql`f.day >= ${q.from}::date` : undefined, q.to ? sql`f.day <= ${q.to}::date` : undefined].filter((x): x is SQL => x !== undefined);
  const query = sql`
    WITH ${sql.join(ctes, sql`, `)},
    facts(metric, pc, pr, th, day, evs, cp, v) AS (${sql.join(facts, sql` UNION ALL `)})
    SELECT f.metric, ${dims.province} AS province, ${dims.field} AS field, ${dims.period} AS period, ${dims.event} AS event, ${dims.connection_point} AS connection_point,
      count(*) AS n, sum(f.v) AS v
    FROM facts f ${sql.join(joins, sql` `)}
    ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    GROUP BY 1, 2, 3, 4, 5, 6`;
  return queryRows<StatsRow>(db, query);
}
