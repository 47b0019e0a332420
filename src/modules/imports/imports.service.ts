import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { apiClients, imports, organizations, type ImportError } from '../../db/schema/index.js';
import { classifyError } from '../../http/classify.js';
import { AppError, notFound } from '../../http/errors.js';
import { localizeIssue } from '../../http/i18n.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { ActionContext, Caller } from '../access/caller.js';
import { createRegistryService, type Row } from '../registry/registry.service.js';
import { replaceSchema, type ResourceDefinition } from '../registry/resource.js';
import { resources } from '../registry/resources/index.js';
import { importColumns, keyOfHeader, READ_ONLY_COLUMNS, recordOf, REF_COLUMNS, type Cell } from './columns.js';
import { recordChangeHooks } from '../webhooks/events.js';
import { FileError, readCsv, readXlsx } from './parse.js';

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;
const MAX_ERRORS_KEPT = 1_000;
const PROGRESS_EVERY = 50;

export type ImportRow = typeof imports.$inferSelect;
const IMPORT = { en: 'Import', vi: 'lượt nhập dữ liệu' };

export function definitionOf(resource: string): ResourceDefinition {
  const def = resources.find((r) => r.name === resource);
  if (!def) throw new Error(`unknown resource ${resource}`);
  return def;
}

/** Spreadsheet imports: stored on upload, processed by the worker, row by row, exactly once per sourceRef. */
export function createImportService(deps: { db: Db; queue?: JobQueue; now?: () => Date; matchDebounceMs?: number }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async create(input: { ctx: ActionContext; resource: string; sourceSystem: string; format: 'csv' | 'xlsx'; fileName?: string | undefined; file: Buffer }): Promise<ImportRow> {
      const [row] = await db
        .insert(imports)
        .values({
          clientId: input.ctx.caller.clientId,
          clientName: input.ctx.caller.name,
          resource: input.resource,
          sourceSystem: input.sourceSystem,
          format: input.format,
          fileName: input.fileName ?? null,
          fileSha256: createHash('sha256').update(input.file).digest('hex'),
          file: input.file,
          status: 'queued',
          requestId: input.ctx.requestId ?? null,
        })
        .returning();
      // Enqueued after the row is committed; the worker finds it by id. If the queue refuses, the
      // upload is removed again and the client gets the error: nothing is left queued forever.
      try {
        await deps.queue?.add('imports.run', { importId: (row as ImportRow).id }, { jobId: `import-${(row as ImportRow).id}` });
      } catch (err) {
        await db.delete(imports).where(eq(imports.id, (row as ImportRow).id));
        throw err;
      }
      return row as ImportRow;
    },

    /** An import its own client (or the ministry) may read. */
    async get(id: string, caller: Caller): Promise<ImportRow> {
      const [row] = await db.select().from(imports).where(eq(imports.id, id));
      if (!row || (caller.role !== 'ministry' && row.clientId !== caller.clientId)) throw notFound(IMPORT, id, 'IMPORT_NOT_FOUND');
      return row;
    },

    /** The worker's part. Safe to run twice: rows are upserted by sourceRef and counts start again. */
    async run(importId: string, log: Logger): Promise<{ status: string }> {
      const [job] = await db.select().from(imports).where(eq(imports.id, importId));
      if (!job) return { status: 'missing' };
      const startedAt = now();
      await db.update(imports).set({ status: 'running', startedAt, processedRows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] }).where(eq(imports.id, importId));
      const errors: ImportError[] = [];
      const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
      const finish = async (status: 'succeeded' | 'failed', processed: number, total: number | null) => {
        await db
          .update(imports)
          .set({ status, finishedAt: now(), processedRows: processed, totalRows: total, ...counts, errors: errors.slice(0, MAX_ERRORS_KEPT) })
          .where(eq(imports.id, importId));
        log.info({ importId, status, ...counts }, 'import finished');
        await deps.queue?.add('webhooks.dispatch', {
          eventId: `evt_import_${importId}_${startedAt.getTime()}`,
          type: 'import.finished',
          occurredAt: now().toISOString(),
          resource: 'imports',
          recordId: importId,
          data: { id: importId, status, ...counts, url: `/v1/imports/${importId}` },
          visibility: { currentProvince: null, public: false, clientId: job!.clientId },
        });
        return { status };
      };
      const fail = (en: string, vi: string, row = 0) => {
        errors.push({ row, column: null, code: 'file', message: { en, vi } });
        return finish('failed', 0, null);
      };

      const caller = await callerOf(db, job.clientId, job.clientName);
      if (!caller) return fail('The client that uploaded the file has been revoked', 'Ứng dụng đã tải tệp lên đã bị thu hồi');
      const def = definitionOf(job.resource);
      let sheet;
      try {
        sheet = job.format === 'csv' ? readCsv(job.file) : await readXlsx(job.file);
      } catch (err) {
        if (err instanceof FileError) return fail(err.en, err.vi);
        throw err;
      }
      if (sheet.rows.length > IMPORT_MAX_ROWS) return fail(`More than ${IMPORT_MAX_ROWS} rows; split the file`, `Quá ${IMPORT_MAX_ROWS} dòng; hãy chia nhỏ tệp`);
      const columns = new Map(importColumns(def).map((c) => [c.key, c]));
      const keys = sheet.headers.map(keyOfHeader);
      const unknown = keys.filter((k) => k !== '' && !columns.has(k) && !READ_ONLY_COLUMNS.has(k));
      if (unknown.length > 0) return fail(`Unknown columns: ${unknown.join(', ')}`, `Cột không hợp lệ: ${unknown.join(', ')}`, 1);
      if (!keys.includes('sourceRef')) return fail('The sourceRef column is required', 'Cần có cột sourceRef', 1);

      const service = createRegistryService(def, { db, ...(deps.queue && { onChange: recordChangeHooks(deps.queue, def, deps.matchDebounceMs ?? 2_000) }) });
      const schema = replaceSchema(def);
      const ctx: ActionContext = { caller, requestId: job.requestId ?? `import-${importId}` };
      const seen = new Set<string>();
      let processed = 0;
      try {
      for (const { row, cells } of sheet.rows) {
        const byKey: Record<string, Cell> = {};
        keys.forEach((k, i) => (byKey[k] = cells[i]));
        const rowErrors = await importRow(row, byKey);
        if (rowErrors.length > 0) {
          counts.failed++;
          errors.push(...rowErrors);
        }
        processed++;
        if (processed % PROGRESS_EVERY === 0) {
          await db.update(imports).set({ processedRows: processed, totalRows: sheet.rows.length, ...counts }).where(eq(imports.id, importId));
        }
      }
      } catch (err) {
        // A dependency failed mid-way: mark it, and let the queue retry the whole file (upserts make that safe).
        errors.push({ row: 0, column: null, code: 'interrupted', message: { en: 'Processing was interrupted and will be retried', vi: 'Quá trình xử lý bị gián đoạn và sẽ được thử lại' } });
        await finish('failed', processed, sheet.rows.length).catch(() => {});
        throw err;
      }
      return finish('succeeded', processed, sheet.rows.length);

      async function importRow(row: number, cells: Record<string, Cell>): Promise<ImportError[]> {
        const sourceRef = cells.sourceRef === null || cells.sourceRef === undefined ? '' : String(cells.sourceRef).trim();
        const rowError = (column: string | null, code: string, en: string, vi: string): ImportError => ({ row, column, code, message: { en, vi } });
        if (!sourceRef) return [rowError('sourceRef', 'required', 'sourceRef is required', 'Thiếu sourceRef')];
        if (!/^[A-Za-z0-9._:@/-]{1,200}$/.test(sourceRef)) return [rowError('sourceRef', 'invalid', 'Letters, digits and ._:@/- only', 'Chỉ gồm chữ, số và ._:@/-')];
        if (seen.has(sourceRef)) return [rowError('sourceRef', 'duplicate', `sourceRef ${sourceRef} appears twice in the file`, `sourceRef ${sourceRef} xuất hiện hai lần trong tệp`)];
        seen.add(sourceRef);
        const { record, errors: cellErrors } = recordOf(columns, cells);
        if (cellErrors.length > 0) return cellErrors.map((e) => rowError(e.column, 'invalid', e.en, e.vi));
        for (const [idField, refKey] of REF_COLUMNS) {
          const ref = cells[refKey] === null || cells[refKey] === undefined ? '' : String(cells[refKey]).trim();
          if (!ref || record[idField] !== undefined) continue;
          const [org] = await db
            .select({ id: organizations.id })
            .from(organizations)
            .where(and(eq(organizations.sourceSystem, job!.sourceSystem), eq(organizations.sourceRef, ref), isNull(organizations.archivedAt)));
          if (!org) return [rowError(refKey, 'invalid_reference', `No organisation with sourceRef ${ref} from ${job!.sourceSystem}`, `Không có tổ chức với sourceRef ${ref} từ ${job!.sourceSystem}`)];
          record[idField] = org.id;
        }
        const parsed = schema.safeParse(record);
        if (!parsed.success) {
          return parsed.error.issues.map((issue) => {
            const column = issue.path.map(String).join('.') || null;
            const message = localizeIssue({ code: issue.code, message: issue.message, params: issue as unknown as Record<string, unknown> });
            return rowError(column, issue.code, message.en, message.vi);
          });
        }
        try {
          const { row: saved, created } = await service.putByRef(job!.sourceSystem, sourceRef, parsed.data as Record<string, unknown>, '*', ctx);
          if (created) counts.created++;
          else if ((saved as Row & { updatedAt: Date }).updatedAt.getTime() < startedAt.getTime()) counts.unchanged++;
          else counts.updated++;
          return [];
        } catch (err) {
          if (err instanceof AppError) {
            const fields = err.options.fields ?? [{ path: '', code: err.problem.toLowerCase(), message: err.detail }];
            return fields.map((f) => rowError(f.path.replace(/^body\./, '') || null, f.code, f.message.en, f.message.vi));
          }
          // A row the database refuses (a duplicate tax code, say) is that row's error, not the file's.
          const classified = classifyError(err);
          if (classified && classified.code !== 'SERVICE_UNAVAILABLE') return [rowError(null, classified.specificCode ?? classified.code, classified.detail.en, classified.detail.vi)];
          throw err;
        }
      }
    },
  };
}

async function callerOf(db: Db, clientId: string | null, name: string): Promise<Caller | undefined> {
  if (!clientId) return { clientId: null, name, role: 'ministry', provinces: [] };
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, clientId));
  if (!client || client.revokedAt) return undefined;
  return { clientId: client.id, name: client.name, role: client.role, provinces: client.provinces };
}

