import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { neutralize } from '../../src/modules/registry/export.js';
import { createKey, useTestApp } from '../helpers/app.js';
import { create, makeExpert, makeOffer, makeOrganization } from '../helpers/registry.js';

describe('exports', () => {
  const ctx = useTestApp();
  let org: { id: string };


  beforeAll(async () => {
    org = await create(ctx.app, 'organizations', makeOrganization({ province: '79' }));
    await create(ctx.app, 'offers', makeOffer(org.id, { title: { vi: 'Xử lý nước thải', en: 'Wastewater' }, keywords: ['uasb', 'biogas'] }));
    await create(ctx.app, 'offers', makeOffer(org.id, { title: { vi: '=HYPERLINK("http://evil","bấm")' }, summary: { vi: '+cmd|calc' }, keywords: ['@sum', '-1'] }));
    await create(ctx.app, 'experts', makeExpert({ province: '01', email: 'rieng@example.vn', fullName: 'Chuyên gia Hà Nội' }));
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+84 24', "'+84 24"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['normal', 'normal'],
    [-1, -1],
    [null, null],
  ])('neutralises %j → %j', (input, output) => {
    expect(neutralize(input)).toBe(output);
  });

  it('exports a filtered list as CSV with a BOM, one column per language, formulas neutralised', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/offers/export?format=csv&province=79' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="ketnoi-offers-.*\.csv"/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = res.body.slice(1).trim().split('\r\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['id', 'title.vi', 'title.en', 'title.ko', 'keywords', 'trl', 'effectiveStatus']));
    expect(lines).toHaveLength(2);
    expect(res.body).toContain('Xử lý nước thải');
    expect(res.body).toContain('uasb; biogas');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"",""bấm"")"`);
    expect(res.body).toContain("'+cmd|calc");
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('exports XLSX that Excel can read, with the same rows', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/offers/export?format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('offers');
    expect(sheet?.rowCount).toBe(3);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const titleColumn = header.indexOf('title.vi') + 1;
    const titles = [sheet?.getRow(2).getCell(titleColumn).value, sheet?.getRow(3).getCell(titleColumn).value];
    expect(titles).toContain('Xử lý nước thải');
    expect(titles).toContain(`'=HYPERLINK("http://evil","bấm")`);
  });

  it('leaves personal data of other provinces out of exports', async () => {
    const portal = await createKey(ctx.db.database, 'portal', ['79']);
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/experts/export', headers: { authorization: `Bearer ${portal}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Chuyên gia Hà Nội');
    expect(res.body).not.toContain('rieng@example.vn');
  });

  it('refuses list-only parameters and unknown formats', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/offers/export?limit=5' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/offers/export?format=pdf' })).statusCode).toBe(400);
  });
});
