import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { isoDateTime } from '../../http/schemas.js';
import { callerOf } from '../../plugins/auth.js';
import { sourceSystemSchema } from '../registry/common.schemas.js';
import { toCsv, toXlsx, type Column } from '../registry/export.js';
import { importColumns } from './columns.js';
import { createImportService, definitionOf, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type ImportRow } from './imports.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const resourceName = z.enum(['organizations', 'offers', 'demands', 'experts']).describe('Which records the file holds.');

const bilingual = z.object({ vi: z.string().describe('Vietnamese.'), en: z.string().describe('English.') }).describe('The message in Vietnamese and English.');
const importSchema = z
  .object({
    id: z.uuid().describe('Import id.'),
    resource: z.string().describe('organizations, offers, demands or experts.'),
    sourceSystem: z.string().describe('The sourceSystem the rows are upserted under.'),
    format: z.enum(['csv', 'xlsx']).describe('File format.'),
    fileName: z.string().nullable().describe('The uploaded file name, if given.'),
    fileSha256: z.string().describe('SHA-256 of the file.'),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']).describe('succeeded: every row was tried (see failed and errors); failed: the file could not be processed.'),
    totalRows: z.number().int().nullable().describe('Data rows in the file.'),
    processedRows: z.number().int().describe('Rows processed so far (progress).'),
    created: z.number().int().describe('Rows that created a record.'),
    updated: z.number().int().describe('Rows that changed a record.'),
    unchanged: z.number().int().describe('Rows identical to the stored record (a re-upload adds nothing).'),
    failed: z.number().int().describe('Rows refused; nothing of them was written.'),
    errors: z
      .array(z.object({ row: z.number().int().describe('Spreadsheet row (the header is row 1).'), column: z.string().nullable().describe('Column key.'), code: z.string().describe('Reason code.'), message: bilingual }))
      .describe('Per-row errors (first 1,000).'),
    createdAt: isoDateTime.describe('Uploaded at.'),
    startedAt: isoDateTime.nullable().describe('Processing started.'),
    finishedAt: isoDateTime.nullable().describe('Processing finished.'),
  })
  .meta({ id: 'Import', description: 'A spreadsheet import and its result.' });

const view = ({ file: _file, clientId: _c, clientName: _n, requestId: _r, ...rest }: ImportRow) => rest;

/** /v1/imports: upload CSV or XLSX, processed in the background; templates with bilingual headers. */
const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createImportService({ db: app.database.db, queue: app.queue });
  // Spreadsheets arrive as raw bodies; only these routes accept them.
  app.addContentTypeParser(['text/csv', XLSX], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/',
    {
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        operationId: 'createImport',
        tags: ['imports'],
        summary: 'Upload a CSV or XLSX file of records',
        description: `Send the file as the body (Content-Type text/csv or ${XLSX}, at most 10 MB and ${IMPORT_MAX_ROWS.toLocaleString('en')} rows). Answers 202; the worker upserts every valid row by (sourceSystem, sourceRef) in its own transaction, so uploading the same file again adds nothing; invalid rows are reported and skipped. Columns as in GET /v1/imports/templates/{resource}; CSV in UTF-8 with or without BOM.`,
        consumes: ['text/csv', XLSX],
        querystring: z.strictObject({
          resource: resourceName,
          sourceSystem: sourceSystemSchema,
          fileName: z.string().max(200).optional().describe('Original file name, for the record.'),
        }),
        body: z.any().describe('The file.'),
        response: { 202: importSchema },
      },
    },
    async (request, reply) => {
      const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim();
      const file = request.body;
      if (!Buffer.isBuffer(file)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { en: `Send the file as text/csv or ${XLSX}`, vi: `Hãy gửi tệp dạng text/csv hoặc ${XLSX}` });
      }
      const row = await service.create({
        ctx: { caller: callerOf(request), requestId: request.id },
        resource: request.query.resource,
        sourceSystem: request.query.sourceSystem,
        format: type === XLSX ? 'xlsx' : 'csv',
        fileName: request.query.fileName,
        file,
      });
      return reply.code(202).header('location', `/v1/imports/${row.id}`).send(view(row));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getImport',
        tags: ['imports'],
        summary: 'Progress and per-row errors of an import',
        params: z.object({ id: z.uuid().describe('Import id.') }),
        response: { 200: importSchema },
      },
    },
    async (request) => view(await service.get(request.params.id, callerOf(request))),
  );

  app.get(
    '/templates/:resource',
    {
      schema: {
        operationId: 'getImportTemplate',
        tags: ['imports'],
        summary: 'An empty template with Vietnamese and English column headers',
        params: z.object({ resource: resourceName }),
        querystring: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx').describe('csv or xlsx.') }),
        response: { 200: z.string().describe('The template file.') },
      },
    },
    async (request, reply) => {
      const columns: Column[] = importColumns(definitionOf(request.params.resource)).map((c) => ({ key: c.header, get: () => null }));
      const name = `ketnoi-${request.params.resource}-template`;
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(columns, []));
      }
      // A Buffer is sent as it is (no serialiser); the declared 200 schema only documents it.
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}.xlsx"`).send((await toXlsx(request.params.resource, columns, [])) as unknown as string);
    },
  );
};

export default importRoutes;
