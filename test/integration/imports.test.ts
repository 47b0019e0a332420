import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, eventually, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';
import { create, makeOrganization } from '../helpers/registry.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each([
  { driver: 'in-process', make: () => createInProcessBackend({ log: testLogger }) },
  { driver: 'bullmq', make: (prefix: string) => createBullmqBackend({ url: redisUrl(), prefix, log: testLogger }) },
])('imports with the worker on the $driver queue', ({ make }) => {
  let db: TestDatabase;
  let app: App;
  let backend: QueueBackend;
  let worker: RunningWorker;
  let org: { id: string };
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createPostgresDatabase();
    backend = make(prefix);
    worker = await startWorker({ database: db.database, backend, log: testLogger, concurrency: 1, heartbeatMs: 60_000 });
    app = await createTestApp({ database: db.database, queue: backend });
    org = await create(app, 'organizations', makeOrganization({ province: '31' }));
  });
  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await backend?.close();
    await db?.drop();
    await dropQueuePrefix(prefix);
  });

  const upload = async (body: string | Buffer, type: string, query: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'POST', url: `/v1/imports?${query}`, payload: body, headers: { 'content-type': type, ...headers } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    return eventually(async () => {
      const state = (await app.inject({ method: 'GET', url: `/v1/imports/${id}`, headers })).json();
      return state.status === 'succeeded' || state.status === 'failed' ? state : undefined;
    }, 20_000);
  };

  const csv = () =>
    [
      '\uFEFFsourceRef,organizationId,language,title.vi,title.en,summary.vi,fields,keywords,trl,priceMin,priceMax,status,validUntil',
      `hp-001,${org.id},vi,${'Xử lý nước thải chăn nuôi'.normalize('NFD')},Livestock wastewater,Bể UASB,ENV.WATER,uasb; biogas,7,800000000,1200000000,published,2027-06-30`,
      `hp-002,${org.id},vi,"Sấy lạnh trái cây, ""mới""",,Giữ màu,AGR.FOOD,sấy lạnh,6,,,draft,`,
      `hp-003,${org.id},vi,Thiếu lĩnh vực,,Mô tả,,x,5,,,published,2027-01-01`,
      `hp-004,${org.id},vi,TRL sai,,Mô tả,ENV.WATER,x,12,,,published,2027-01-01`,
      `,${org.id},vi,Không có mã,,Mô tả,ENV.WATER,x,5,,,published,2027-01-01`,
      `hp-001,${org.id},vi,Trùng mã,,Mô tả,ENV.WATER,x,5,,,published,2027-01-01`,
      `hp-005,${org.id},vi,Giá ngược,,Mô tả,ENV.WATER,x,5,900,100,published,2027-01-01`,
    ].join('\r\n');

  it('imports the good rows, reports each bad row in both languages, and a re-upload adds nothing', async () => {
    const first = await upload(csv(), 'text/csv', 'resource=offers&sourceSystem=portal-hai-phong&fileName=offers.csv');
    expect(first).toMatchObject({ status: 'succeeded', totalRows: 7, processedRows: 7, created: 2, updated: 0, unchanged: 0, failed: 5 });
    const byRow = Object.fromEntries(first.errors.map((e: { row: number; column: string }) => [e.row, e.column]));
    expect(byRow).toEqual({ 4: 'fields', 5: 'trl', 6: 'sourceRef', 7: 'sourceRef', 8: 'priceMax' });
    expect(first.errors[0].message.vi).toBeTruthy();
    expect(first.errors[0].message.en).toBeTruthy();

    const list = await app.inject({ method: 'GET', url: '/v1/offers?q=xu%20ly%20nuoc%20thai' });
    const imported = list.json().items.find((o: { sourceRef: string }) => o.sourceRef === 'hp-001');
    expect(imported).toMatchObject({ sourceSystem: 'portal-hai-phong', trl: 7, priceMin: 800000000, keywords: ['uasb', 'biogas'], province: '31' });
    expect(imported.title.vi).toBe('Xử lý nước thải chăn nuôi'.normalize('NFC'));

    const second = await upload(csv(), 'text/csv', 'resource=offers&sourceSystem=portal-hai-phong');
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 2, failed: 5 });
    const all = await app.inject({ method: 'GET', url: '/v1/offers?limit=100&includeArchived=true' });
    expect(all.json().items.filter((o: { sourceSystem: string }) => o.sourceSystem === 'portal-hai-phong')).toHaveLength(2);
  });

  it('reads XLSX with formula and date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('demands');
    sheet.addRow(['Mã bản ghi / id [sourceRef]', 'organizationId', 'province', 'language', 'title.vi', 'problem.vi', 'fields', 'budgetMin', 'budgetMax', 'status', 'validUntil']);
    sheet.addRow(['x-1', org.id, 31, 'vi', 'Cần kho lạnh tiết kiệm điện', 'Giảm 30 % điện', 'ENE.EFF', 500000000, { formula: 'H2*4', result: 2000000000 }, 'published', new Date('2027-03-31T00:00:00Z')]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await upload(file, XLSX, 'resource=demands&sourceSystem=portal-hai-phong');
    expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
    const list = await app.inject({ method: 'GET', url: '/v1/demands?q=kho%20lanh' });
    expect(list.json().items[0]).toMatchObject({ sourceRef: 'x-1', province: '31', budgetMax: 2000000000, validUntil: '2027-03-31' });
  });

  it('refuses rows outside a portal’s provinces, row by row', async () => {
    const portal = await createKey(db.database, 'portal', ['01']);
    const headers = { authorization: `Bearer ${portal}` };
    const file = ['sourceRef,kind,name.vi,province,language', 'p-1,enterprise,Công ty Hà Nội,01,vi', 'p-2,enterprise,Công ty Hải Phòng,31,vi'].join('\n');
    const result = await upload(file, 'text/csv', 'resource=organizations&sourceSystem=portal-ha-noi', headers);
    expect(result).toMatchObject({ status: 'succeeded', created: 1, failed: 1 });
    expect(result.errors[0]).toMatchObject({ row: 3, column: 'province' });
  });

  it('resolves organisations by their sourceRef, as spreadsheets know them', async () => {
    const orgs = ['sourceRef,kind,name.vi,province,language', 'org-hp-9,enterprise,Công ty Cảng Hải Phòng,31,vi'].join('\n');
    expect(await upload(orgs, 'text/csv', 'resource=organizations&sourceSystem=portal-hp-refs')).toMatchObject({ created: 1, failed: 0 });
    const offers = [
      'sourceRef,organizationRef,language,title.vi,summary.vi,fields,trl,status',
      'off-9,org-hp-9,vi,Tối ưu bãi container,Lập lịch xe nâng,LOG.PORT,6,published',
      'off-10,org-missing,vi,Không có tổ chức,Mô tả,LOG.PORT,6,published',
    ].join('\n');
    const result = await upload(offers, 'text/csv', 'resource=offers&sourceSystem=portal-hp-refs');
    expect(result).toMatchObject({ created: 1, failed: 1, errors: [{ row: 3, column: 'organizationRef' }] });
  });

  it('fails a file it cannot read, or with unknown columns, naming the problem', async () => {
    const broken = await upload(Buffer.from('PK\u0003\u0004 not really a zip'), XLSX, 'resource=offers&sourceSystem=portal-x');
    expect(broken.status).toBe('failed');
    const unknown = await upload('sourceRef,colour\nx,red', 'text/csv', 'resource=offers&sourceSystem=portal-x');
    expect(unknown).toMatchObject({ status: 'failed', errors: [{ row: 1, message: { en: 'Unknown columns: colour' } }] });
  });
});

describe('import templates and upload checks', () => {
  let db: TestDatabase;
  let app: App;
  const queue = createInProcessBackend({ log: testLogger });
  beforeAll(async () => {
    db = await createPostgresDatabase();
    app = await createTestApp({ database: db.database, queue });
  });
  afterAll(async () => {
    await app?.close();
    await queue.close();
    await db?.drop();
  });

  it('serves templates with Vietnamese and English headers', async () => {
    const csv = await app.inject({ method: 'GET', url: '/v1/imports/templates/offers?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Tên (tiếng Việt) / Name of the technology. (vi) [title.vi]');
    expect(csv.body).toContain('[sourceRef]');
    const xlsx = await app.inject({ method: 'GET', url: '/v1/imports/templates/demands' });
    expect(xlsx.headers['content-type']).toBe(XLSX);
  });

  it('refuses other content types, unknown resources and readers', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/imports?resource=offers&sourceSystem=p', payload: { a: 1 } })).statusCode).toBe(415);
    expect((await app.inject({ method: 'POST', url: '/v1/imports?resource=events&sourceSystem=p', payload: 'a', headers: { 'content-type': 'text/csv' } })).statusCode).toBe(400);
    const reader = await createKey(db.database, 'reader');
    expect((await app.inject({ method: 'POST', url: '/v1/imports?resource=offers&sourceSystem=p', payload: 'a', headers: { 'content-type': 'text/csv', authorization: `Bearer ${reader}` } })).statusCode).toBe(403);
  });
});

describe('imports under failure', () => {
  it('reports a row the database refuses (duplicate tax code) as that row’s error', async () => {
    const db = await createPostgresDatabase();
    const queue = createInProcessBackend({ log: testLogger });
    const worker = await startWorker({ database: db.database, backend: queue, log: testLogger, concurrency: 1, heartbeatMs: 60_000 });
    const app = await createTestApp({ database: db.database, queue });
    try {
      const file = ['sourceRef,kind,name.vi,province,language,taxCode', 'a,enterprise,Công ty A,31,vi,0311111111', 'b,enterprise,Công ty B,31,vi,0311111111'].join('\n');
      const res = await app.inject({ method: 'POST', url: '/v1/imports?resource=organizations&sourceSystem=p', payload: file, headers: { 'content-type': 'text/csv' } });
      const done = await eventually(async () => {
        const state = (await app.inject({ method: 'GET', url: `/v1/imports/${res.json().id}` })).json();
        return state.status === 'succeeded' || state.status === 'failed' ? state : undefined;
      });
      expect(done).toMatchObject({ status: 'succeeded', created: 1, failed: 1, errors: [{ row: 3, code: 'CONFLICT_ORGANIZATIONS_TAX_CODE_KEY' }] });
    } finally {
      await app.close();
      await worker.close();
      await queue.close();
      await db.drop();
    }
  });

  it('answers 503 and keeps nothing when the queue refuses an upload', async () => {
    const db = await createPostgresDatabase();
    const down = createBullmqBackend({ url: 'redis://127.0.0.1:1', prefix: 'down', log: testLogger, pingTimeoutMs: 300 });
    const app = await createTestApp({ database: db.database, queue: down });
    try {
      const res = await app.inject({ method: 'POST', url: '/v1/imports?resource=organizations&sourceSystem=p', payload: 'sourceRef\n', headers: { 'content-type': 'text/csv' } });
      expect(res.statusCode).toBe(503);
      const { imports } = await import('../../src/db/schema/index.js');
      expect(await db.database.db.select().from(imports)).toEqual([]);
      // A registry write still succeeds when only its webhook event cannot be queued.
      const org = await app.inject({ method: 'POST', url: '/v1/organizations', payload: makeOrganization() });
      expect(org.statusCode).toBe(201);
    } finally {
      await app.close();
      await down.close();
      await db.drop();
    }
  });
});
