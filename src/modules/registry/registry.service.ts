import { createHash } from 'node:crypto';
import { and, eq, getTableName, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Db } from '../../db/client.js';
import { AppError, notFound } from '../../http/errors.js';
import { writeAudit } from '../access/access.repository.js';
import { owns, type ActionContext, type Caller } from '../access/caller.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import { TRANSITIONS, type LifecycleStatus } from './enums.js';
import { listKeys, listRecords, readColumns, recordsInOrder, type KeyPage, type ListQuery, type Page } from './list.js';
import { createSchema, replaceSchema, type ResourceDefinition } from './resource.js';
import { searchDocument } from './search.js';

export type Row = Record<string, unknown> & { id: string; version: number };

const REGISTRY: Record<string, ResourceDefinition> = {};
/** Definitions register themselves so references between resources can be checked. */
export function registerDefinition(def: ResourceDefinition) {
  REGISTRY[def.name] = def;
}

const fieldError = (path: string, en: string, vi: string) =>
  new AppError('VALIDATION_FAILED', { en: `Invalid ${path}`, vi: `Không hợp lệ: ${path}` }, { fields: [{ path, code: 'invalid_reference', message: { en, vi } }] });

/** Turns a zod failure on a merged or replaced record into the same 400 as a request validation. */
function validationError(error: z.ZodError, prefix = 'body'): AppError {
  const fields = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].join('.');
    const vi = (issue as { params?: { vi?: string } }).params?.vi ?? issue.message;
    return { path, code: issue.code, message: { en: issue.message, vi } };
  });
  return new AppError('VALIDATION_FAILED', { en: `Invalid ${fields.map((f) => f.path).join(', ')}`, vi: `Không hợp lệ: ${fields.map((f) => f.path).join(', ')}` }, { fields });
}

export const preconditionRequired = () =>
  new AppError('PRECONDITION_REQUIRED', {
    en: 'Send If-Match with the ETag you read (or * to replace whatever is stored)',
    vi: 'Cần gửi If-Match với ETag đã đọc (hoặc * để ghi đè)',
  });

const preconditionFailed = (current: number) =>
  new AppError(
    'PRECONDITION_FAILED',
    { en: `The record has changed (now version ${current}); read it again`, vi: `Bản ghi đã thay đổi (phiên bản hiện tại ${current}); hãy đọc lại` },
    { code: 'STALE_VERSION' },
  );

export function etagOf(row: { version: number }): string {
  return `"${row.version}"`;
}

/** If-Match: "*" or a list of ETags (weak or strong) against the current version. */
function checkIfMatch(ifMatch: string | undefined, row: Row) {
  if (ifMatch === undefined) throw preconditionRequired();
  if (ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(row))) throw preconditionFailed(row.version);
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function effectiveStatus(row: Record<string, unknown>, now: Date): string {
  if (row.status === 'published' && typeof row.validUntil === 'string' && row.validUntil < today(now)) return 'expired';
  return String(row.status);
}

const contentHash = (content: Record<string, unknown>) =>
  createHash('sha256').update(JSON.stringify(Object.keys(content).sort().map((k) => [k, content[k]]))).digest('base64url');

/** Published (or, without a lifecycle, live) records are public: every client may read their public fields. */
export function isPublic(def: ResourceDefinition, row: Record<string, unknown>): boolean {
  return !row.archivedAt && (!def.lifecycle || row.status === 'published');
}

export function canSee(def: ResourceDefinition, caller: Caller, row: Record<string, unknown>): boolean {
  return owns(caller, row.currentProvince as string) || isPublic(def, row);
}

const changedFields = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();

/** Business rules of the registry, one service per resource; no Fastify types (the worker can use it). */
export function createRegistryService(
  def: ResourceDefinition,
  deps: {
    db: Db;
    now?: () => Date;
    /** Called after a change is committed (never for a no-op): webhooks hook in here. */
    onChange?: (row: Row, action: string) => Promise<void>;
  },
) {
  const { db } = deps;
  const changed = async (row: Row, action: string) => {
    await deps.onChange?.(row, action);
    return row;
  };
  const now = deps.now ?? (() => new Date());
  const t = def.table;
  const fullSchema = replaceSchema(def);
  const contentKeys = Object.keys(def.shape('in'));

  const missing = (id: string) => notFound(def.entity, id, `${def.singular.toUpperCase()}_NOT_FOUND`);

  const audit = (tx: Db, ctx: ActionContext, action: string, entityId: string, fields: string[]) =>
    writeAudit(tx, {
      clientId: ctx.caller.clientId,
      clientName: ctx.caller.name,
      role: ctx.caller.role,
      provinces: [...ctx.caller.provinces],
      action,
      entity: def.singular,
      entityId,
      changedFields: fields,
      requestId: ctx.requestId ?? null,
    });

  // The hottest read: prepared once per service, so each request skips query building and planning.
  const byId = db.select(readColumns(def)).from(t).where(eq(t.id, sql.placeholder('id'))).prepare(`${def.name}_by_id`);

  const load = async (tx: Db, id: string, lock = false): Promise<Row | undefined> => {
    const q = tx.select(readColumns(def)).from(t).where(eq(t.id, id));
    const rows = (lock ? await q.for('update') : await q) as Row[];
    return rows[0];
  };
  const loadByRef = async (tx: Db, system: string, ref: string, lock = false): Promise<Row | undefined> => {
    const q = tx.select(readColumns(def)).from(t).where(and(eq(t.sourceSystem, system), eq(t.sourceRef, ref)));
    const rows = (lock ? await q.for('update') : await q) as Row[];
    return rows[0];
  };

  /** Row-level security hides another province's drafts, but their refs are taken all the same. */
  const refTaken = async (tx: Db, system: string, ref: string): Promise<boolean> => {
    const [row] = await queryRows<{ taken: boolean }>(tx, sql`SELECT ketnoi_source_ref_taken(${getTableName(t)}::regclass, ${system}, ${ref}) AS taken`);
    return row?.taken === true;
  };

  /** Stored content of a row as the API's field set (nulls dropped). */
  const contentOf = (row: Row): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of contentKeys) if (row[key] !== null && row[key] !== undefined) out[key] = row[key];
    return out;
  };

  /** References must name live records; the owning province defaults from the organisation. */
  const resolveReferences = async (tx: Db, content: Record<string, unknown>) => {
    let inheritedProvince: string | undefined;
    for (const ref of def.references) {
      const target = REGISTRY[ref.resource] as ResourceDefinition;
      const value = content[ref.key];
      const ids = (ref.many ? (value as string[] | undefined) ?? [] : value === undefined ? [] : [value as string]).filter(Boolean);
      if (ids.length === 0) continue;
      const found = (await tx
        .select({ id: target.table.id, province: target.table.province })
        .from(target.table)
        .where(and(inArray(target.table.id, ids), isNull(target.table.archivedAt)))) as { id: string; province: string }[];
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0) {
        throw fieldError(`body.${ref.key}`, `No ${target.singular} ${missing.join(', ')}`, `Không tìm thấy ${target.entity.vi} ${missing.join(', ')}`);
      }
      if (ref.key === def.provinceFrom) inheritedProvince = found[0]?.province;
    }
    return inheritedProvince;
  };

  /** Lifecycle rules: validUntil defaults to 12 months after publication, at most 24 months ahead. */
  const applyLifecycle = (content: Record<string, unknown>, previous: Row | undefined) => {
    if (!def.lifecycle) return {};
    const day = today(now());
    const status = content.status as LifecycleStatus;
    if (previous) {
      const from = effectiveStatus(previous, now()) as LifecycleStatus;
      if (status !== previous.status && status !== from && !TRANSITIONS[from].includes(status)) {
        throw new AppError(
          'CONFLICT',
          { en: `Cannot move from ${from} to ${status}`, vi: `Không thể chuyển trạng thái từ ${from} sang ${status}` },
          { code: 'INVALID_TRANSITION', fields: [{ path: 'body.status', code: 'invalid_transition', message: { en: `Allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'none'}`, vi: `Được phép từ ${from}: ${TRANSITIONS[from].join(', ') || 'không có'}` } }] },
        );
      }
    }
    if (content.validUntil === undefined) content.validUntil = addMonths(day, 12);
    const validUntil = content.validUntil as string;
    if (validUntil > addMonths(day, 24)) {
      throw fieldError('body.validUntil', 'At most 24 months ahead; renew later', 'Tối đa 24 tháng kể từ hôm nay; hãy gia hạn sau');
    }
    if (['draft', 'published', 'paused'].includes(status) && validUntil < day) {
      throw fieldError('body.validUntil', `Must be today or later for a ${status} record`, `Phải từ hôm nay trở đi với bản ghi ${status}`);
    }
    const publishedAt = (previous?.publishedAt as Date | null | undefined) ?? (status === 'published' ? now() : null);
    return { publishedAt };
  };

  /** Everything stored besides the content: province roll-up, search forms, hash. */
  const derived = async (tx: Db, content: Record<string, unknown>, previous: Row | undefined, caller: Caller) => {
    const inherited = await resolveReferences(tx, content);
    const province = (content.province as string | undefined) ?? inherited ?? (previous?.province as string | undefined);
    if (!province) throw fieldError('body.province', 'Required', 'Bắt buộc');
    // The owning province must be one of the caller's: a portal cannot file or move a record elsewhere.
    if (!owns(caller, currentProvinceOf(province) as string)) {
      throw fieldError('body.province', `Province ${province} is outside your provinces (${caller.provinces.join(', ')})`, `Tỉnh ${province} nằm ngoài phạm vi của bạn (${caller.provinces.join(', ')})`);
    }
    const lifecycle = applyLifecycle(content, previous);
    const stored = { ...content };
    delete stored.province;
    return {
      ...Object.fromEntries(contentKeys.filter((k) => k !== 'province').map((k) => [k, stored[k] ?? null])),
      province,
      currentProvince: currentProvinceOf(province) as string,
      contentHash: contentHash({ ...content, province }),
      ...searchDocument(content, def.search),
      ...lifecycle,
    };
  };

  const insert = async (tx: Db, content: Record<string, unknown>, source: { sourceSystem?: string; sourceRef?: string }, ctx: ActionContext) => {
    const values = await derived(tx, content, undefined, ctx.caller);
    const rows = (await tx
      .insert(t)
      .values({ ...values, sourceSystem: source.sourceSystem ?? null, sourceRef: source.sourceRef ?? null })
      .returning(readColumns(def))) as Row[];
    const row = rows[0] as Row;
    await audit(tx, ctx, 'create', row.id, Object.keys(contentOf(row)).sort());
    return row;
  };

  const update = async (tx: Db, previous: Row, content: Record<string, unknown>, ctx: ActionContext, action: string): Promise<Row> => {
    const values = await derived(tx, content, previous, ctx.caller);
    if (values.contentHash === previous.contentHash) return previous;
    const rows = (await tx
      .update(t)
      .set({ ...values, version: sql`${t.version} + 1`, updatedAt: now() })
      .where(eq(t.id, previous.id))
      .returning(readColumns(def))) as Row[];
    const row = rows[0] as Row;
    await audit(tx, ctx, action, row.id, changedFields(contentOf(previous), contentOf(row)));
    return row;
  };

  /** A record the caller may change; anything else (absent, or another province's) is a 404. */
  const loadOwned = async (tx: Db, id: string, caller: Caller): Promise<Row> => {
    const row = await load(tx, id, true);
    if (!row || !owns(caller, row.currentProvince as string)) throw missing(id);
    return row;
  };

  const parseWhole = (content: Record<string, unknown>) => {
    const parsed = fullSchema.safeParse(content);
    if (!parsed.success) throw validationError(parsed.error);
    return parsed.data as Record<string, unknown>;
  };

  return {
    definition: def,
    effectiveStatus: (row: Row) => effectiveStatus(row, now()),

    async create(body: Record<string, unknown>, ctx: ActionContext): Promise<Row> {
      const { sourceSystem, sourceRef, ...content } = body as Record<string, unknown> & { sourceSystem?: string; sourceRef?: string };
      return changed(await db.transaction(async (tx) => insert(tx as unknown as Db, content, { sourceSystem, sourceRef }, ctx)), 'create');
    },

    /** A record the caller may see: its own provinces' records, and everyone's public ones. */
    async get(id: string, caller: Caller): Promise<Row> {
      const row = ((await byId.execute({ id })) as Row[])[0];
      if (!row || !canSee(def, caller, row)) throw missing(id);
      return row;
    },

    async patch(id: string, changes: Record<string, unknown>, ifMatch: string | undefined, ctx: ActionContext): Promise<Row> {
      let before: number | undefined;
      const row = await db.transaction(async (txx) => {
        const tx = txx as unknown as Db;
        const current = await loadOwned(tx, id, ctx.caller);
        before = current.version;
        checkIfMatch(ifMatch, current);
        if (current.archivedAt) throw new AppError('CONFLICT', { en: 'The record is archived', vi: 'Bản ghi đã được lưu trữ' }, { code: 'ARCHIVED' });
        const merged = contentOf(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) delete merged[key];
          else merged[key] = value;
        }
        return update(tx, current, parseWhole(merged), ctx, 'update');
      });
      return row.version !== before ? changed(row, 'update') : row;
    },

    /** Creates or replaces by the portal's own id; an identical replay changes nothing. */
    async putByRef(sourceSystem: string, sourceRef: string, body: Record<string, unknown>, ifMatch: string | undefined, ctx: ActionContext): Promise<{ row: Row; created: boolean }> {
      let before: number | undefined;
      const result = await db.transaction(async (txx) => {
        const tx = txx as unknown as Db;
        const current = await loadByRef(tx, sourceSystem, sourceRef, true);
        if (!current) {
          if (await refTaken(tx, sourceSystem, sourceRef)) throw missing(`${sourceSystem}/${sourceRef}`);
          if (ifMatch !== undefined && ifMatch.trim() !== '*') throw preconditionFailed(0);
          return { row: await insert(tx, body, { sourceSystem, sourceRef }, ctx), created: true };
        }
        if (!owns(ctx.caller, current.currentProvince as string)) throw missing(`${sourceSystem}/${sourceRef}`);
        before = current.version;
        checkIfMatch(ifMatch, current);
        if (current.archivedAt) throw new AppError('CONFLICT', { en: 'The record is archived', vi: 'Bản ghi đã được lưu trữ' }, { code: 'ARCHIVED' });
        return { row: await update(tx, current, body, ctx, 'replace'), created: false };
      });
      if (result.created || result.row.version !== before) await changed(result.row, result.created ? 'create' : 'replace');
      return result;
    },

    /** PUT-by-ref for callers outside HTTP (demo data, imports): validates the raw record first. */
    async upsertByRef(sourceSystem: string, sourceRef: string, raw: unknown, ctx: ActionContext): Promise<{ row: Row; created: boolean }> {
      const parsed = fullSchema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error, sourceRef);
      return this.putByRef(sourceSystem, sourceRef, parsed.data as Record<string, unknown>, '*', ctx);
    },

    async archive(id: string, ifMatch: string | undefined, ctx: ActionContext): Promise<void> {
      const archived = await db.transaction(async (txx) => {
        const tx = txx as unknown as Db;
        const current = await loadOwned(tx, id, ctx.caller);
        checkIfMatch(ifMatch, current);
        if (current.archivedAt) return undefined;
        const rows = (await tx.update(t).set({ archivedAt: now(), updatedAt: now(), version: sql`${t.version} + 1` }).where(eq(t.id, id)).returning(readColumns(def))) as Row[];
        await audit(tx, ctx, 'archive', id, ['archivedAt']);
        return rows[0];
      });
      if (archived) await changed(archived, 'archive');
    },

    list(query: ListQuery, caller: Caller): Promise<Page<Record<string, unknown>>> {
      return listRecords(db, def, query, caller);
    },

    /** The page a list chose, as ids (the route serves what it has cached and reads the rest with `records`). */
    listKeys(query: ListQuery, caller: Caller): Promise<KeyPage> {
      return listKeys(db, def, query, caller);
    },

    /** These records, in this order, as row-level security lets the caller's scope read them. */
    records(ids: string[]): Promise<Row[]> {
      return recordsInOrder(db, def, ids) as Promise<Row[]>;
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
export { createSchema };
