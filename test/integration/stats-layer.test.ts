import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/client.js';
import { runInScope } from '../../src/db/scope.js';
import { directStatsQuery, statsQuery, type Dimension, type StatsQuery, type StatsRow } from '../../src/modules/stats/stats.repository.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

/**
 * The statistics layer (migration 0015) against the records it summarises: on a random data set,
 * after random inserts, updates, archives, stage changes and deletes across every source table
 * (one at a time and many rows per statement), the facts equal a recomputation from scratch, the
 * monthly sums equal the facts, and every grouping read from the layer equals the reference query
 * over the records.
 */

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

// Recorded → current province (74 and 77 merged into 79; 02 into 08).
const PROVINCES = [['74', '79'], ['77', '79'], ['79', '79'], ['01', '01'], ['48', '48'], ['02', '08']] as const;
const FIELDS = ['ENV.WATER', 'ICT.AI', 'ENE.EFF', 'ENE.SOLAR', 'MAT.NANO', 'AGR.CROP'];
const POINTS = [null, null, 'dkn-01', 'dkn-02', 'portal-ha-noi'];
const STAGES = ['follow_up', 'nda', 'mou', 'contract_signed', 'contract_registered', 'implemented', 'abandoned'];

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
const arr = (xs: readonly string[], type: 'text' | 'uuid') => `ARRAY[${xs.map((x) => lit(x)).join(',')}]::${type}[]`;

describe('statistics layer kept by triggers', () => {
  let t: TestDatabase;
  let database: Database;
  const r = prng(20261129);
  const day = () => `timestamptz '2024-01-01 00:00+07' + interval '${r.int(1000 * 24)} hours'`;
  const fields = () => (r.next() < 0.15 ? [] : [...new Set([r.pick(FIELDS), ...(r.next() < 0.4 ? [r.pick(FIELDS)] : [])])]);

  const owner = <T>(fn: (db: Db) => Promise<T>) => database.asOwner(fn);
  const exec = (text: string) => owner(async (db) => void (await db.execute(sql.raw(text))));
  const ids = async (text: string) => (await owner(async (db) => await queryRows<{ id: string }>(db, sql.raw(text)))).map((x) => x.id);

  async function org(supply: boolean): Promise<void> {
    const [pr, pc] = r.pick(PROVINCES);
    await exec(`INSERT INTO organizations (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, kind, name, country)
      VALUES (${day()}, now(), ${lit(r.pick(POINTS))}, md5(random()::text), '${pr}', '${pc}', '', '', md5(random()::text), 'vi', '${supply ? 'university' : 'enterprise'}', '{"vi":"Tổ chức"}', 'VN')`);
  }
  async function offer(orgId: string): Promise<void> {
    await exec(`INSERT INTO offers (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, status, valid_until, organization_id, title, summary, fields, trl, regulatory_class)
      SELECT ${day()}, now(), ${lit(r.pick(POINTS))}, md5(random()::text), o.province, o.current_province, '', '', md5(random()::text), 'vi', 'published', '2030-01-01', o.id, '{"vi":"Công nghệ"}', '{"vi":"Tóm tắt"}', ${arr(fields(), 'text')}, 5, 'normal'
      FROM organizations o WHERE o.id = '${orgId}'`);
  }
  async function demand(orgId: string): Promise<void> {
    await exec(`INSERT INTO demands (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, status, valid_until, organization_id, title, problem, fields, origin_preference, urgency)
      SELECT ${day()}, now(), ${lit(r.pick(POINTS))}, md5(random()::text), o.province, o.current_province, '', '', md5(random()::text), 'vi', 'published', '2030-01-01', o.id, '{"vi":"Nhu cầu"}', '{"vi":"Vấn đề"}', ${arr(fields(), 'text')}, 'any', 'medium'
      FROM organizations o WHERE o.id = '${orgId}'`);
  }
  async function proposal(offerId: string, demandId: string, runId: string): Promise<void> {
    const accepted = r.next() < 0.5;
    const decision = (d: number) => (accepted ? `jsonb_build_object('decision', 'accept', 'at', (created + interval '${d} days')::text, 'clientName', 't')` : 'NULL');
    await exec(`INSERT INTO proposals (offer_id, demand_id, supply_province, demand_province, status, score, demand_fit, supply_fit, breakdown, reasons, experts, algorithm_version, run_id, expires_at, created_at, updated_at, supply_decision, demand_decision)
      SELECT o.id, d.id, o.current_province, d.current_province, '${accepted ? 'mutually_accepted' : 'proposed'}', 0.7, 0.7, 0.7, '[]', '[]', '[]', 't', '${runId}', created + interval '30 days', created, created, ${decision(r.int(40))}, ${decision(r.int(40))}
      FROM offers o, demands d, LATERAL (SELECT greatest(o.created_at, d.created_at) + interval '${r.int(90)} days' AS created) c
      WHERE o.id = '${offerId}' AND d.id = '${demandId}' ON CONFLICT DO NOTHING`);
  }

  beforeAll(async () => {
    t = await createPostgresDatabase();
    database = t.database;
    for (let i = 0; i < 24; i++) await org(i % 2 === 0);
    const supplyOrgs = await ids(`SELECT id FROM organizations WHERE kind = 'university' ORDER BY id`);
    const demandOrgs = await ids(`SELECT id FROM organizations WHERE kind = 'enterprise' ORDER BY id`);
    for (let i = 0; i < 50; i++) await offer(r.pick(supplyOrgs));
    for (let i = 0; i < 30; i++) await demand(r.pick(demandOrgs));
    // Experts, many in one statement.
    await exec(`INSERT INTO experts (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, full_name, fields, max_meetings_per_event)
      SELECT timestamptz '2024-03-01 10:00+07' + g * interval '17 days', now(), CASE WHEN g % 3 = 0 THEN 'dkn-01' END, 'x' || g, p.pr, p.pc, '', '', md5(g::text), 'vi', 'Chuyên gia ' || g,
        CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY[(ARRAY${JSON.stringify(FIELDS).replace(/"/g, "'")})[1 + g % 6]] END, 10
      FROM generate_series(1, 12) g, LATERAL (SELECT (ARRAY['74','79','01','48'])[1 + g % 4] AS pr, (ARRAY['79','79','01','48'])[1 + g % 4] AS pc) p`);
    const [run] = await ids(`INSERT INTO match_runs (kind, scope, status, algorithm_version, params, as_of, client_name) VALUES ('nightly', '{"kind":"all"}', 'succeeded', 't', '{}', now(), 't') RETURNING id`);
    const offerIds = await ids(`SELECT id FROM offers ORDER BY id`);
    const demandIds = await ids(`SELECT id FROM demands ORDER BY id`);
    for (let i = 0; i < 45; i++) await proposal(r.pick(offerIds), r.pick(demandIds), run as string);
    // Two events; every organisation registers at some, some listing their records.
    for (let e = 0; e < 2; e++) {
      const [ev] = await ids(`INSERT INTO events (created_at, updated_at, name, kind, province, current_province, mode, time_zone, status)
        VALUES (${day()}, now(), '{"vi":"Techconnect ${e}"}', 'techconnect', '01', '01', 'hybrid', 'Asia/Ho_Chi_Minh', 'closed') RETURNING id`);
      const [session] = await ids(`INSERT INTO event_sessions (event_id, starts_at, slot_minutes, buffer_minutes, slot_count) VALUES ('${ev}', ${day()}, 20, 0, 40) RETURNING id`);
      for (const [side, orgs, table, list] of [['supply', supplyOrgs, 'offers', 'offer_ids'], ['demand', demandOrgs, 'demands', 'demand_ids']] as const) {
        for (const o of orgs) {
          if (r.next() < 0.35) continue;
          const listed = r.next() < 0.3 ? `ARRAY(SELECT id FROM ${table} WHERE organization_id = '${o}' ORDER BY id LIMIT 1)` : `'{}'::uuid[]`;
          await exec(`INSERT INTO event_participants (event_id, side, organization_id, subject_id, current_province, attendance, ${list})
            SELECT '${ev}', '${side}', o.id, o.id, o.current_province, 'onsite', ${listed} FROM organizations o WHERE o.id = '${o}'`);
        }
      }
      await exec(`INSERT INTO event_participants (event_id, side, expert_id, subject_id, current_province, attendance)
        SELECT '${ev}', 'expert', x.id, x.id, x.current_province, 'onsite' FROM experts x WHERE x.source_ref IN ('x${1 + e}', 'x${5 + e}', 'x9')`);
      // Meetings between registered pairs, some from a proposal between them.
      const pairs = await owner(async (db) =>
        queryRows<{ s: string; d: string; p: string | null }>(
          db,
          sql.raw(`SELECT s.id AS s, d.id AS d, (SELECT p.id FROM proposals p JOIN offers o ON o.id = p.offer_id JOIN demands x ON x.id = p.demand_id WHERE o.organization_id = s.organization_id AND x.organization_id = d.organization_id LIMIT 1) AS p
            FROM event_participants s JOIN event_participants d ON d.event_id = s.event_id AND d.side = 'demand' WHERE s.event_id = '${ev}' AND s.side = 'supply' ORDER BY s.id, d.id`),
        ),
      );
      let slot = 0;
      for (const pair of pairs) {
        if (r.next() < 0.6) continue;
        const proposalId = pair.p ?? (r.next() < 0.3 ? r.pick(await ids(`SELECT id FROM proposals ORDER BY id`)) : null);
        const [request] = await ids(`INSERT INTO event_requests (event_id, source, proposal_id, requester_id, other_id, pair_key, status, priority)
          VALUES ('${ev}', '${proposalId ? 'proposal' : 'ad_hoc'}', ${lit(proposalId)}, '${pair.d}', '${pair.s}', '${[pair.d, pair.s].sort().join(':')}', 'accepted', 1) RETURNING id`);
        await exec(`INSERT INTO event_meetings (event_id, request_id, session_id, slot, slot_in_session, starts_at, ends_at, mode, participant_ids, status)
          VALUES ('${ev}', '${request}', '${session}', ${slot}, ${slot}, ${day()}, now(), 'onsite', ARRAY['${pair.d}', '${pair.s}']::uuid[], '${r.pick(['confirmed', 'held', 'held', 'no_show', 'cancelled'])}')`);
        slot = (slot + 1) % 40;
      }
    }
    // Outcomes from held meetings, in one statement.
    await exec(`INSERT INTO outcomes (meeting_id, event_id, supply_organization_id, demand_organization_id, supply_province, supply_current_province, demand_province, demand_current_province,
        fields, connection_point, stage, stage_date, furthest_stage, mou_on, contract_on, value_vnd, reported_by_name)
      SELECT m.id, m.event_id, so.id, dorg.id, so.province, so.current_province, dorg.province, dorg.current_province, ARRAY['ENV.WATER'], CASE WHEN g % 2 = 0 THEN 'dkn-01' END,
        'contract_signed', (m.starts_at + interval '90 days')::date, 'contract_signed', (m.starts_at + interval '30 days')::date, CASE WHEN g % 3 > 0 THEN (m.starts_at + interval '90 days')::date END,
        CASE WHEN g % 3 > 0 THEN 100000000 * g END, 't'
      FROM (SELECT row_number() OVER (ORDER BY id) AS g, * FROM event_meetings WHERE status = 'held') m
        JOIN event_participants dp ON dp.id = m.participant_ids[1] JOIN organizations dorg ON dorg.id = dp.organization_id
        JOIN event_participants sp ON sp.id = m.participant_ids[2] JOIN organizations so ON so.id = sp.organization_id`);
  });

  afterAll(async () => {
    await t?.drop();
  });

  /** One change of the given kind (0–15) on random rows; returns what it did. */
  async function change(kind: number): Promise<string> {
    const one = async (text: string) => (await ids(text))[0];
    switch (kind) {
      case 0: {
        const id = await one(`SELECT id FROM offers ORDER BY random() LIMIT 1`);
        await exec(`UPDATE offers SET fields = ${arr(fields(), 'text')}, created_at = ${day()} WHERE id = '${id}'`);
        return 'offer fields and date';
      }
      case 1:
        await exec(`UPDATE offers SET archived_at = now() WHERE id IN (SELECT id FROM offers WHERE archived_at IS NULL ORDER BY random() LIMIT 3)`);
        return 'offers archived';
      case 2: {
        const id = await one(`SELECT id FROM organizations WHERE kind = 'university' ORDER BY random() LIMIT 1`);
        const moved = await one(`SELECT id FROM offers ORDER BY random() LIMIT 1`);
        await exec(`UPDATE offers SET organization_id = '${id}' WHERE id = '${moved}'`);
        // A participant lists only its own organisation's records (the events API checks it).
        await exec(`UPDATE event_participants SET offer_ids = array_remove(offer_ids, '${moved}') WHERE offer_ids @> ARRAY['${moved}']::uuid[] AND organization_id <> '${id}'`);
        return 'offer moved to another supplier';
      }
      case 3:
        await offer((await one(`SELECT id FROM organizations WHERE kind = 'university' ORDER BY random() LIMIT 1`)) as string);
        return 'offer added';
      case 4:
        await exec(`DELETE FROM offers WHERE id = (SELECT id FROM offers o WHERE NOT EXISTS (SELECT 1 FROM proposals p WHERE p.offer_id = o.id) AND NOT EXISTS (SELECT 1 FROM outcomes c WHERE c.offer_id = o.id) ORDER BY random() LIMIT 1)`);
        return 'offer deleted';
      case 5: {
        const [pr, pc] = r.pick(PROVINCES);
        await exec(`UPDATE demands SET fields = ${arr(fields(), 'text')}, source_system = ${lit(r.pick(POINTS))}, province = '${pr}', current_province = '${pc}' WHERE id = (SELECT id FROM demands ORDER BY random() LIMIT 1)`);
        return 'demand fields, connection point and province';
      }
      case 6: {
        const [pr, pc] = r.pick(PROVINCES);
        await exec(`UPDATE organizations SET province = '${pr}', current_province = '${pc}', source_system = ${lit(r.pick(POINTS))}, created_at = ${day()} WHERE id = (SELECT id FROM organizations ORDER BY random() LIMIT 1)`);
        return 'organisation province, connection point and date';
      }
      case 7:
        if (r.next() < 0.5) await exec(`UPDATE experts SET fields = ${arr(fields(), 'text')}, province = '01', current_province = '01' WHERE id = (SELECT id FROM experts ORDER BY random() LIMIT 1)`);
        else await exec(`DELETE FROM experts WHERE id = (SELECT id FROM experts x WHERE NOT EXISTS (SELECT 1 FROM event_participants p WHERE p.expert_id = x.id) ORDER BY random() LIMIT 1)`);
        return 'expert changed or deleted';
      case 8: {
        const accept = r.next() < 0.6;
        const d = (days: number) => `jsonb_build_object('decision', '${accept ? 'accept' : 'decline'}', 'at', (created_at + interval '${days} days')::text, 'clientName', 't')`;
        await exec(`UPDATE proposals SET supply_decision = ${d(r.int(60))}, demand_decision = ${d(r.int(60))} WHERE id IN (SELECT id FROM proposals ORDER BY random() LIMIT 2)`);
        return 'proposal decisions';
      }
      case 9:
        await exec(`UPDATE proposals p SET offer_id = (SELECT o.id FROM offers o WHERE NOT EXISTS (SELECT 1 FROM proposals x WHERE x.offer_id = o.id AND x.demand_id = p.demand_id) ORDER BY random() LIMIT 1)
          WHERE p.id = (SELECT id FROM proposals ORDER BY random() LIMIT 1)`);
        return 'proposal pointed at another offer';
      case 10: {
        const p = await one(`SELECT id FROM event_participants WHERE side IN ('supply', 'demand') ORDER BY random() LIMIT 1`);
        await exec(`UPDATE event_participants p SET offer_ids = CASE WHEN p.side = 'supply' AND cardinality(p.offer_ids) = 0 THEN ARRAY(SELECT id FROM offers WHERE organization_id = p.organization_id ORDER BY random() LIMIT 1) ELSE '{}' END,
          demand_ids = CASE WHEN p.side = 'demand' AND cardinality(p.demand_ids) = 0 THEN ARRAY(SELECT id FROM demands WHERE organization_id = p.organization_id ORDER BY random() LIMIT 1) ELSE '{}' END WHERE p.id = '${p}'`);
        return "participant's listed records";
      }
      case 11:
        if (r.next() < 0.5) {
          await exec(`DELETE FROM event_participants WHERE id = (SELECT p.id FROM event_participants p WHERE NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.participant_ids @> ARRAY[p.id]) AND NOT EXISTS (SELECT 1 FROM event_requests q WHERE p.id IN (q.requester_id, q.other_id)) ORDER BY random() LIMIT 1)`);
        } else {
          await exec(`UPDATE event_participants SET current_province = '48' WHERE id = (SELECT id FROM event_participants ORDER BY random() LIMIT 1)`);
        }
        return 'participant deleted or moved';
      case 12:
        await exec(`UPDATE event_requests SET proposal_id = ${r.next() < 0.3 ? 'NULL' : '(SELECT id FROM proposals ORDER BY random() LIMIT 1)'} WHERE id = (SELECT id FROM event_requests ORDER BY random() LIMIT 1)`);
        return 'request linked to another proposal';
      case 13:
        await exec(`UPDATE event_meetings SET status = (ARRAY['confirmed', 'held', 'no_show', 'cancelled'])[1 + floor(random() * 4)::int], starts_at = ${day()} WHERE id IN (SELECT id FROM event_meetings ORDER BY random() LIMIT 3)`);
        return 'meetings rescheduled, held, missed or cancelled';
      case 14: {
        const stage = r.pick(STAGES);
        const mou = ['mou', 'contract_signed', 'contract_registered', 'implemented'].includes(stage) || (stage === 'abandoned' && r.next() < 0.5);
        const contract = ['contract_signed', 'contract_registered', 'implemented'].includes(stage);
        await exec(`UPDATE outcomes SET stage = '${stage}', furthest_stage = '${stage}', mou_on = ${mou ? `coalesce(mou_on, '2025-0${1 + r.int(9)}-1${r.int(10)}'::date)` : 'NULL'},
          contract_on = ${contract ? `coalesce(contract_on, '2025-1${r.int(3)}-2${r.int(9)}'::date)` : 'NULL'}, value_vnd = ${contract ? 5_000_000 * (1 + r.int(100)) : 'NULL'},
          archived_at = ${r.next() < 0.2 ? 'now()' : 'archived_at'} WHERE id = (SELECT id FROM outcomes ORDER BY random() LIMIT 1)`);
        return 'outcome stage change';
      }
      default:
        // Many rows in one statement.
        await exec(`UPDATE offers SET fields = CASE WHEN random() < 0.5 THEN ARRAY['ICT.AI'] ELSE fields || ARRAY['ENE.EFF'] END, source_system = CASE WHEN random() < 0.3 THEN 'dkn-02' ELSE source_system END
          WHERE id IN (SELECT id FROM offers ORDER BY random() LIMIT 8)`);
        return 'many offers at once';
    }
  }

  /** The facts and sums as stored, against a recomputation of every record's facts and their sums. */
  async function layerMatchesRecords() {
    await owner(async (db) => {
      const stored = await queryRows<{ f: string }>(db, sql`SELECT f::text AS f FROM stats_facts f ORDER BY 1`);
      const fresh = await queryRows<{ f: string }>(
        db,
        sql`SELECT f::text AS f FROM (
          SELECT * FROM ketnoi_stats_compute('offer', ARRAY(SELECT id FROM offers)) UNION ALL SELECT * FROM ketnoi_stats_compute('demand', ARRAY(SELECT id FROM demands))
          UNION ALL SELECT * FROM ketnoi_stats_compute('org', ARRAY(SELECT id FROM organizations)) UNION ALL SELECT * FROM ketnoi_stats_compute('expert', ARRAY(SELECT id FROM experts))
          UNION ALL SELECT * FROM ketnoi_stats_compute('proposal', ARRAY(SELECT id FROM proposals)) UNION ALL SELECT * FROM ketnoi_stats_compute('meeting', ARRAY(SELECT id FROM event_meetings))
          UNION ALL SELECT * FROM ketnoi_stats_compute('outcome', ARRAY(SELECT id FROM outcomes))) f ORDER BY 1`,
      );
      expect(stored.map((x) => x.f)).toEqual(fresh.map((x) => x.f));
      // Sums per key, from the stored (appended and folded) rows and from the facts.
      const sums = await queryRows<{ s: string }>(
        db,
        sql`SELECT concat_ws('|', pmode, dim, month, metric, p, k, sum(n), sum(v)) AS s FROM stats_summary GROUP BY pmode, dim, month, metric, p, k HAVING sum(n) <> 0 OR sum(v) <> 0 ORDER BY 1`,
      );
      const expected = await queryRows<{ s: string }>(
        db,
        sql`SELECT concat_ws('|', k.pmode, k.dim, date_trunc('month', f.day)::date, f.metric, k.p, k.k, count(*), sum(coalesce(f.v, 0))) AS s
          FROM stats_facts f CROSS JOIN LATERAL (
            SELECT 0, 0, NULL::text, NULL::text UNION ALL SELECT 1, 0, x, NULL FROM unnest(f.pc) x UNION ALL SELECT 2, 0, x, NULL FROM unnest(f.pr) x
            UNION ALL SELECT 0, 1, NULL, x FROM unnest(CASE WHEN cardinality(f.th) = 0 THEN ARRAY[NULL::text] ELSE f.th END) x
            UNION ALL SELECT 0, 2, NULL, x::text FROM unnest(CASE WHEN cardinality(f.evs) = 0 THEN ARRAY[NULL::uuid] ELSE f.evs END) x
            UNION ALL SELECT 0, 3, NULL, f.cp) k(pmode, dim, p, k)
          GROUP BY k.pmode, k.dim, date_trunc('month', f.day), f.metric, k.p, k.k ORDER BY 1`,
      );
      expect(sums.map((x) => x.s)).toEqual(expected.map((x) => x.s));
    });
  }

  const QUERIES: (Omit<StatsQuery, 'period'> & { period?: StatsQuery['period'] })[] = [
    { groupBy: [], provinceMode: 'current' },
    { groupBy: ['province'], provinceMode: 'current' },
    { groupBy: ['province'], provinceMode: 'recorded' },
    { groupBy: ['field'], provinceMode: 'current' },
    { groupBy: ['event'], provinceMode: 'current' },
    { groupBy: ['connectionPoint'], provinceMode: 'current' },
    { groupBy: ['period'], provinceMode: 'current', period: 'month' },
    { groupBy: ['province', 'period'], provinceMode: 'recorded', period: 'quarter' },
    { groupBy: ['field', 'period'], provinceMode: 'current', period: 'month', from: '2024-03-17', to: '2025-02-03' },
    { groupBy: ['event', 'period'], provinceMode: 'current', period: 'year', from: '2024-05-01', to: '2025-10-31' },
    { groupBy: ['connectionPoint'], provinceMode: 'current', from: '2024-06-10', to: '2024-06-20' },
    { groupBy: ['field', 'event', 'connectionPoint'], provinceMode: 'current' },
    { groupBy: ['province', 'field'], provinceMode: 'current', to: '2025-01-15' },
    { groupBy: ['period'], provinceMode: 'current', period: 'quarter', provinces: ['79'] },
    { groupBy: ['province', 'period'], provinceMode: 'current', period: 'year', provinces: ['79', '01'], from: '2024-02-02' },
    { groupBy: ['field'], provinceMode: 'current', provinces: ['79'] },
    { groupBy: ['event'], provinceMode: 'recorded', provinces: ['01', '48'] },
    { groupBy: ['province'], provinceMode: 'recorded', provinces: ['79'] },
  ];

  const norm = (rows: StatsRow[], q: StatsQuery) =>
    rows
      // As the service does: grouped by province in a scope, only the scope's provinces.
      .filter((x) => !(q.provinces && q.groupBy.includes('province')) || q.provinces.some((p) => p === x.province || PROVINCES.some(([pr, pc]) => pr === x.province && pc === p)))
      .map((x) => [x.part, x.metric, x.province, x.field, x.period, x.event, x.connection_point, Number(x.n), x.metric === 'contracts' ? Number(x.v ?? 0) : 0].join('|'))
      .sort();

  /** Every grouping read from the layer equals the reference query over the records (as the system, as the API's national part is). */
  async function queriesMatch() {
    for (const base of QUERIES) {
      const q: StatsQuery = { period: 'year', ...base };
      const national = q.provinces || !q.groupBy.includes('province') ? undefined : q.groupBy.filter((d): d is Dimension => d !== 'province');
      const [layer, direct] = await runInScope({ role: 'ministry', provinces: [] }, async () => {
        const db = database.db;
        return await db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
          return [await queryRows<StatsRow>(tx as unknown as Db, statsQuery(q, national)), await queryRows<StatsRow>(tx as unknown as Db, directStatsQuery(q, national))];
        });
      });
      expect(norm(layer, q), JSON.stringify(q)).toEqual(norm(direct, q));
    }
  }

  it('is filled from the records at once and matches the reference query', async () => {
    const [n] = await owner(async (db) => queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM stats_facts`));
    expect(n?.n).toBeGreaterThan(150);
    await layerMatchesRecords();
    await queriesMatch();
  });

  it('stays exact through random inserts, updates, archives, stage changes and deletes, before and after folding', async () => {
    const done: string[] = [];
    for (let round = 0; round < 6; round++) {
      // Every kind of change in every round, in a random order.
      const kinds = [...Array(16).keys()].map((k) => [r.next(), k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
      for (const kind of kinds) done.push(await change(kind));
      await layerMatchesRecords();
      await queriesMatch();
      if (round % 2 === 1) {
        const [folded] = await owner(async (db) => queryRows<{ n: string }>(db, sql`SELECT ketnoi_stats_compact(1) AS n`));
        expect(Number(folded?.n)).toBeGreaterThan(0);
        await layerMatchesRecords();
      }
    }
    expect(new Set(done).size).toBe(16);
  });

  it('serialises two transactions that refresh the same records', async () => {
    // A participant starts or stops listing one of its organisation's offers (refreshing all of them) while
    // another transaction changes one of those offers: the second waits for the first, then
    // recomputes from what it committed, so no fact is doubled or stale.
    const [p] = await owner(async (db) =>
      queryRows<{ id: string; org: string }>(db, sql`SELECT p.id, p.organization_id AS org FROM event_participants p
        WHERE p.side = 'supply' AND (SELECT count(*) FROM offers o WHERE o.organization_id = p.organization_id) >= 2 ORDER BY p.id LIMIT 1`),
    );
    expect(p).toBeDefined();
    const a = new pg.Client({ connectionString: t.url });
    const b = new pg.Client({ connectionString: t.url });
    await a.connect();
    await b.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`UPDATE event_participants SET offer_ids = CASE WHEN cardinality(offer_ids) = 0 THEN ARRAY(SELECT id FROM offers WHERE organization_id = $2 ORDER BY id LIMIT 1) ELSE '{}' END WHERE id = $1`, [
        p?.id,
        p?.org,
      ]);
      const bPid = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const second = b.query(`UPDATE offers SET fields = ARRAY['AGR.CROP'], source_system = 'dkn-02' WHERE id = (SELECT id FROM offers WHERE organization_id = $1 ORDER BY id DESC LIMIT 1)`, [p?.org]);
      // Commit the first only once the second is waiting for it.
      for (let waiting = false, polls = 0; !waiting; polls++) {
        expect(polls, 'the second transaction never waited').toBeLessThan(500);
        const [row] = await owner(async (db) => queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${bPid} AND wait_event_type = 'Lock'`));
        waiting = row?.n === 1;
      }
      await a.query('COMMIT');
      await second;
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
    await layerMatchesRecords();
    await queriesMatch();
  });

  it('shows a portal only its provinces’ facts and sums, and lets the application write neither', async () => {
    const seen = await runInScope({ role: 'portal', provinces: ['79'] }, async () =>
      database.db.transaction(async (tx) => ({
        facts: await queryRows<{ pc: string[] }>(tx as unknown as Db, sql`SELECT pc FROM stats_facts`),
        sums: await queryRows<{ pmode: number; p: string | null }>(tx as unknown as Db, sql`SELECT DISTINCT pmode, p FROM stats_summary`),
      })),
    );
    expect(seen.facts.length).toBeGreaterThan(0);
    expect(seen.facts.every((f) => f.pc.includes('79'))).toBe(true);
    expect(seen.sums).toEqual([{ pmode: 1, p: '79' }]);
    const refused = await runInScope({ role: 'ministry', provinces: [] }, async () => database.db.execute(sql`DELETE FROM stats_summary`).then(() => 'deleted', (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code));
    expect(refused).toBe('42501');
  });
});
