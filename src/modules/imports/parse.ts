import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Cell } from './columns.js';

export interface Sheet {
  headers: string[];
  /** Data rows with their spreadsheet row number (the header is row 1). */
  rows: { row: number; cells: Cell[] }[];
}

export class FileError extends Error {
  constructor(
    readonly en: string,
    readonly vi: string,
  ) {
    super(en);
  }
}

/** CSV in UTF-8, with or without a BOM; quoted fields and multi-line cells as RFC 4180 says. */
export function readCsv(file: Buffer): Sheet {
  let records: string[][];
  try {
    records = parseCsv(file, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new FileError(`Not a readable CSV file: ${(err as Error).message}`, `Tệp CSV không đọc được: ${(err as Error).message}`);
  }
  const [headers = [], ...rest] = records;
  return { headers, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

/** The first worksheet of an XLSX file; formula cells give their computed result, dates stay dates. */
export async function readXlsx(file: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    throw new FileError(`Not a readable XLSX file: ${(err as Error).message}`, `Tệp XLSX không đọc được: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new FileError('The workbook has no worksheet', 'Tệp không có trang tính nào');
  const value = (v: ExcelJS.CellValue): Cell => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'object' && 'result' in v) return value(v.result as ExcelJS.CellValue); // formula
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
    if (typeof v === 'object' && 'text' in v) return String(v.text); // hyperlink
    if (typeof v === 'object' && 'error' in v) return null;
    return String(v);
  };
  const rows: Sheet['rows'] = [];
  let headers: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(value);
    if (number === 1) headers = cells.map((c) => (c === null ? '' : String(c)));
    else rows.push({ row: number, cells });
  });
  return { headers, rows };
}
