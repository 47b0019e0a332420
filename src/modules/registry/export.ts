import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { ResourceDefinition } from './resource.js';
import { isLocalized } from './shape.js';

/**
 * Flat tables of registry records for CSV and XLSX. Localized texts become one column per
 * language (title.vi, title.en, title.ko); code lists are joined with "; "; nested lists are JSON.
 * The column names are the field paths, so an exported file can be edited and imported back.
 */
export interface Column {
  key: string;
  get: (row: Record<string, unknown>) => string | number | boolean | null;
}

const META = ['id', 'sourceSystem', 'sourceRef', 'province', 'currentProvince', 'version', 'createdAt', 'updatedAt', 'archivedAt'];

export function columnsOf(def: ResourceDefinition): Column[] {
  const shape = def.shape('out') as Record<string, z.ZodType>;
  const columns: Column[] = [];
  const scalar = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : (v as string | number | boolean));
  for (const key of META) columns.push({ key, get: (r) => scalar(r[key]) });
  for (const key of Object.keys(shape)) {
    if (key === 'province') continue;
    if (isLocalized(shape[key] as z.ZodType)) {
      for (const lang of ['vi', 'en', 'ko']) columns.push({ key: `${key}.${lang}`, get: (r) => scalar((r[key] as Record<string, string> | null)?.[lang]) });
    } else {
      columns.push({
        key,
        get: (r) => {
          const v = r[key];
          if (Array.isArray(v)) return v.every((x) => typeof x !== 'object') ? v.join('; ') : JSON.stringify(v);
          return typeof v === 'object' && v !== null && !(v instanceof Date) ? JSON.stringify(v) : scalar(v);
        },
      });
    }
  }
  if (def.lifecycle) columns.push({ key: 'effectiveStatus', get: (r) => scalar(r.effectiveStatus) }, { key: 'publishedAt', get: (r) => scalar(r.publishedAt) });
  return columns;
}

/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a text cell starting with = + - @, a tab
 * or a carriage return would run as a formula in Excel. Such cells get a leading apostrophe.
 */
export function neutralize(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const csvCell = (v: string | number | boolean | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** RFC 4180 CSV with a UTF-8 BOM, so Excel reads Vietnamese correctly. */
export function toCsv(columns: Column[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map((c) => csvCell(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(neutralize(c.get(row)))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(sheetName: string, columns: Column[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ketnoi';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.key, key: c.key, width: Math.min(60, Math.max(12, c.key.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, neutralize(c.get(row))])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
