import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { asSystem } from '../../db/scope.js';
import { events } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';
import type { Caller } from '../access/caller.js';
import { currentProvinceOf, fieldLabel } from '../reference/reference.lookup.js';
import { CURRENT_UNITS, PRE_2025_UNITS } from '../reference/provinces.data.js';
import { DIMENSIONS, METRICS, statsRows, type Dimension, type Metric, type Period, type StatsRow } from './stats.repository.js';

export interface StatsRequest {
  groupBy: Dimension[];
  provinceMode: 'current' | 'recorded';
  period: Period;
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
}

export type Figures = Record<Metric, number> & { contractValueVnd: number };
export type Rates = { mutualAcceptance: number | null; scheduledPerAccepted: number | null; meetingHeld: number | null; noShow: number | null; mouPerHeldMeeting: number | null; contractPerMou: number | null; contractPerHeldMeeting: number | null };
export interface StatsGroup extends Figures {
  province?: string | null;
  provinceName?: string | null;
  field?: string | null;
  fieldLabel?: { vi: string; en: string } | null;
  period?: string | null;
  eventId?: string | null;
  eventName?: string | null;
  connectionPoint?: string | null;
  rates: Rates;
}

const current = new Map(CURRENT_UNITS.map((u) => [u.code, u.nameVi]));
const previous = new Map(PRE_2025_UNITS.map((u) => [u.code, u.nameVi]));
/** A recorded code reads as the registry reads it: a current unit's code is that unit. */
const provinceName = (code: string) => current.get(code) ?? previous.get(code) ?? null;

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/** The funnel between the stages: proposal → mutual acceptance → scheduled meeting → held → MoU → contract. */
export function ratesOf(f: Figures): Rates {
  return {
    mutualAcceptance: ratio(f.mutuallyAccepted, f.proposals),
    scheduledPerAccepted: ratio(f.meetingsScheduled, f.mutuallyAccepted),
    meetingHeld: ratio(f.meetingsHeld, f.meetingsScheduled),
    noShow: ratio(f.noShows, f.meetingsScheduled),
    mouPerHeldMeeting: ratio(f.mous, f.meetingsHeld),
    contractPerMou: ratio(f.contracts, f.mous),
    contractPerHeldMeeting: ratio(f.contracts, f.meetingsHeld),
  };
}

const empty = (): Figures => ({ ...(Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>), contractValueVnd: 0 });

/** Long rows (metric, dimensions, count, sum) into one group per combination of dimensions, in a stable order. */
function pivot(rows: StatsRow[], groupBy: readonly Dimension[], eventNames: Map<string, string>): StatsGroup[] {
  const groups = new Map<string, { dims: Record<Dimension, string | null>; figures: Figures }>();
  for (const r of rows) {
    const dims: Record<Dimension, string | null> = { province: r.province, field: r.field, period: r.period, event: r.event, connectionPoint: r.connection_point };
    const key = JSON.stringify(DIMENSIONS.map((d) => dims[d]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { dims, figures: empty() }));
    g.figures[r.metric] += Number(r.n);
    if (r.metric === 'contracts') g.figures.contractValueVnd += Number(r.v ?? 0);
  }
  if (groups.size === 0 && groupBy.length === 0) groups.set('', { dims: { province: null, field: null, period: null, event: null, connectionPoint: null }, figures: empty() });
  const sortKey = (d: Record<Dimension, string | null>) => DIMENSIONS.filter((x) => groupBy.includes(x)).map((x) => d[x] ?? '\uffff');
  return [...groups.values()]
    .sort((a, b) => {
      const ka = sortKey(a.dims);
      const kb = sortKey(b.dims);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as string) < (kb[i] as string) ? -1 : 1;
      return 0;
    })
    .map(({ dims, figures }) => ({
      ...(groupBy.includes('province') && { province: dims.province, provinceName: dims.province ? provinceName(dims.province) : null }),
      ...(groupBy.includes('field') && { field: dims.field, fieldLabel: dims.field ? (fieldLabel(dims.field) ?? null) : null }),
      ...(groupBy.includes('period') && { period: dims.period }),
      ...(groupBy.includes('event') && { eventId: dims.event, eventName: dims.event ? (eventNames.get(dims.event) ?? null) : null }),
      ...(groupBy.includes('connectionPoint') && { connectionPoint: dims.connectionPoint }),
      ...figures,
      rates: ratesOf(figures),
    }));
}

export function createStatsService(deps: { db: Db }) {
  const { db } = deps;

  async function names(rows: StatsRow[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.event).filter((e): e is string => e !== null))];
    if (ids.length === 0) return new Map();
    const found = await db.select({ id: events.id, name: events.name }).from(events).where(inArray(events.id, ids));
    return new Map(found.map((e) => [e.id, e.name.vi ?? e.name.en ?? e.name.ko ?? '']));
  }

  return {
    /**
     * The caller's figures and the national ones. A portal's figures cover its own provinces and
     * are computed in its scope (row-level security applies); the national figures are aggregates
     * computed as the system, grouped the same way but never by province, so no row and no other
     * province's figure leaves the database for a portal.
     */
    async stats(q: StatsRequest, caller: Caller) {
      const asked = q.province ? (currentProvinceOf(q.province) ?? q.province) : undefined;
      let provinces: readonly string[] | undefined;
      if (caller.role === 'portal') {
        if (asked && !caller.provinces.includes(asked)) {
          throw new AppError('FORBIDDEN', { en: `Province ${q.province} is not yours; the national totals are in every answer`, vi: `Tỉnh ${q.province} không thuộc phạm vi của bạn; số liệu toàn quốc có trong mọi kết quả` }, {
            fields: [{ path: 'query.province', code: 'forbidden', message: { en: 'Not one of your provinces', vi: 'Không thuộc tỉnh của bạn' } }],
          });
        }
        provinces = asked ? [asked] : caller.provinces;
      } else if (asked) {
        provinces = [asked];
      }
      const query = { groupBy: q.groupBy, provinceMode: q.provinceMode, period: q.period, from: q.from, to: q.to, provinces };
      const nationalBy = q.groupBy.filter((d) => d !== 'province');
      let rows: StatsRow[];
      let nationalRows: StatsRow[];
      if (provinces === undefined) {
        // Nationwide rows: the national part comes from the same facts in the same statement.
        const all = await statsRows(db, query, nationalBy.length === q.groupBy.length ? undefined : nationalBy);
        rows = all.filter((r) => r.part === 'rows');
        nationalRows = nationalBy.length === q.groupBy.length ? rows : all.filter((r) => r.part === 'national');
      } else {
        // The caller's own figures in its scope; the national aggregates as the system, side by side.
        [rows, nationalRows] = await Promise.all([statsRows(db, query), asSystem(async () => await statsRows(db, { ...query, groupBy: nationalBy, provinces: undefined }))]);
        // Grouped by province, a connection also shows under its other side's province: keep only the provinces asked for.
        if (q.groupBy.includes('province')) rows = rows.filter((r) => r.province !== null && provinces.includes(currentProvinceOf(r.province) ?? r.province));
      }
      const eventNames = await names([...rows, ...nationalRows]);
      return {
        groupBy: q.groupBy,
        provinceMode: q.provinceMode,
        period: q.period,
        from: q.from ?? null,
        to: q.to ?? null,
        provinces: provinces ? [...provinces] : null,
        rows: pivot(rows, q.groupBy, eventNames),
        national: pivot(nationalRows, nationalBy, eventNames),
      };
    },
  };
}

export type StatsResult = Awaited<ReturnType<ReturnType<typeof createStatsService>['stats']>>;
