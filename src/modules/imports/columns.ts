import { z } from 'zod';
import type { ResourceDefinition } from '../registry/resource.js';
import { isLocalized } from '../registry/shape.js';

/** How a spreadsheet cell maps to a record field. */
export type Kind = 'text' | 'number' | 'boolean' | 'list' | 'json' | 'localized';

export interface ImportColumn {
  key: string;
  field: string;
  kind: Kind;
  header: string;
}

/** Vietnamese labels of the fields, for template headers (English comes from the field descriptions). */
const VI: Record<string, string> = {
  sourceRef: 'Mã bản ghi trên cổng',
  organizationId: 'Mã tổ chức (id)',
  province: 'Mã tỉnh/thành',
  language: 'Ngôn ngữ gốc',
  title: 'Tên',
  summary: 'Tóm tắt',
  description: 'Mô tả chi tiết',
  advantages: 'Ưu điểm',
  applications: 'Khả năng ứng dụng',
  problem: 'Vấn đề cần giải quyết',
  currentProcess: 'Quy trình hiện tại',
  requiredResult: 'Kết quả mong muốn',
  constraints: 'Ràng buộc',
  fields: 'Lĩnh vực công nghệ',
  keywords: 'Từ khóa',
  trl: 'Mức độ sẵn sàng (TRL)',
  minTrl: 'TRL tối thiểu',
  ipRights: 'Quyền sở hữu trí tuệ (JSON)',
  transferForms: 'Hình thức chuyển giao',
  transferMethods: 'Phương thức chuyển giao',
  dealTypes: 'Loại giao dịch',
  priceMin: 'Giá thấp nhất (VNĐ)',
  priceMax: 'Giá cao nhất (VNĐ)',
  priceNegotiable: 'Giá thương lượng',
  targetProvinces: 'Tỉnh mục tiêu',
  targetCountries: 'Quốc gia mục tiêu',
  regulatoryClass: 'Phân loại theo luật',
  status: 'Trạng thái',
  validUntil: 'Hiệu lực đến',
  originPreference: 'Nguồn gốc công nghệ mong muốn',
  budgetMin: 'Ngân sách thấp nhất (VNĐ)',
  budgetMax: 'Ngân sách cao nhất (VNĐ)',
  fundingSources: 'Nguồn vốn',
  neededBy: 'Cần trước ngày',
  urgency: 'Mức độ cấp thiết',
  kind: 'Loại tổ chức',
  name: 'Tên tổ chức',
  shortName: 'Tên viết tắt',
  taxCode: 'Mã số thuế',
  foreignRegistrationNo: 'Số đăng ký (nước ngoài)',
  country: 'Quốc gia',
  industryCodes: 'Mã ngành VSIC',
  size: 'Quy mô',
  languages: 'Ngôn ngữ',
  website: 'Trang web',
  contacts: 'Người liên hệ (JSON)',
  fullName: 'Họ và tên',
  academicTitle: 'Học hàm, học vị',
  affiliationId: 'Đơn vị công tác (id)',
  bio: 'Giới thiệu',
  roles: 'Vai trò',
  maxMeetingsPerEvent: 'Số cuộc gặp tối đa mỗi sự kiện',
  conflictOrganizationIds: 'Tổ chức có xung đột lợi ích (id)',
  email: 'Thư điện tử',
  phone: 'Điện thoại',
};
const LANG = { vi: 'tiếng Việt', en: 'tiếng Anh', ko: 'tiếng Hàn' } as const;

function kindOf(schema: z.ZodType): Kind {
  if (isLocalized(schema)) return 'localized';
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  if (s instanceof z.ZodArray) return s.element instanceof z.ZodObject ? 'json' : 'list';
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodBoolean) return 'boolean';
  return 'text';
}

/** The columns of a resource's import template, sourceRef first. */
export function importColumns(def: ResourceDefinition): ImportColumn[] {
  const shape = def.shape('out') as Record<string, z.ZodType>;
  const columns: ImportColumn[] = [{ key: 'sourceRef', field: 'sourceRef', kind: 'text', header: header('sourceRef', 'sourceRef', "The portal's own id of the record (required)") }];
  // Spreadsheets know organisations by the portal's own ids, not ketnoi's.
  for (const [idField, refKey] of REF_COLUMNS) {
    if (idField in shape) columns.push({ key: refKey, field: refKey, kind: 'text', header: header(refKey, `${VI[idField] ?? idField} – mã trên cổng`, `${idField} by its sourceRef (same sourceSystem), instead of the id`) });
  }
  for (const [field, schema] of Object.entries(shape)) {
    const kind = kindOf(schema);
    const en = (schema.description ?? field).split(/(?<=\.)\s/)[0] as string;
    if (kind === 'localized') {
      for (const lang of ['vi', 'en', 'ko'] as const) columns.push({ key: `${field}.${lang}`, field, kind, header: header(`${field}.${lang}`, `${VI[field] ?? field} (${LANG[lang]})`, `${en} (${lang})`) });
    } else {
      columns.push({ key: field, field, kind, header: header(field, VI[field] ?? field, en) });
    }
  }
  return columns;
}

function header(key: string, vi: string, en: string): string {
  return `${vi} / ${en} [${key}]`;
}

/** A header cell names its column by the key in brackets at the end, or by the bare key. */
export function keyOfHeader(cell: string): string {
  const match = /\[([^\]]+)\]\s*$/.exec(cell);
  return (match ? (match[1] as string) : cell).trim();
}

/** Id fields that a row may give by the organisation's sourceRef instead: [id field, ref column]. */
export const REF_COLUMNS: [string, string][] = [
  ['organizationId', 'organizationRef'],
  ['affiliationId', 'affiliationRef'],
];

/** Columns of exported files that are not written by an import (ids, versions, derived values). */
export const READ_ONLY_COLUMNS = new Set(['id', 'sourceSystem', 'version', 'createdAt', 'updatedAt', 'archivedAt', 'currentProvince', 'effectiveStatus', 'publishedAt']);

export type Cell = string | number | boolean | Date | null | undefined;

export interface CellError {
  column: string;
  en: string;
  vi: string;
}

/** Builds a record from one row's cells; empty cells are left out. */
export function recordOf(columns: Map<string, ImportColumn>, cells: Record<string, Cell>): { record: Record<string, unknown>; errors: CellError[] } {
  const record: Record<string, unknown> = {};
  const errors: CellError[] = [];
  for (const [key, raw] of Object.entries(cells)) {
    const column = columns.get(key);
    if (!column || key === 'sourceRef' || REF_COLUMNS.some(([, ref]) => ref === key) || raw === null || raw === undefined || raw === '') continue;
    const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim();
    if (text === '') continue;
    switch (column.kind) {
      case 'localized': {
        const lang = key.slice(column.field.length + 1);
        record[column.field] = { ...(record[column.field] as object | undefined), [lang]: text };
        break;
      }
      case 'list':
        record[column.field] = text.split(/\s*[;\n]\s*/).filter(Boolean).map((item) => (/rovince/.test(column.field) ? provinceCode(item) : item));
        break;
      case 'json':
        try {
          record[column.field] = JSON.parse(text);
        } catch {
          errors.push({ column: key, en: 'Not valid JSON', vi: 'Không phải JSON hợp lệ' });
        }
        break;
      case 'number':
        record[column.field] = typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
        break;
      case 'boolean': {
        const v = text.toLowerCase();
        record[column.field] = ['true', '1', 'yes', 'có', 'x'].includes(v) ? true : ['false', '0', 'no', 'không', ''].includes(v) ? false : text;
        break;
      }
      default:
        // Money and codes may arrive as numbers from Excel; the schema takes digit strings.
        record[column.field] = column.field === 'province' ? provinceCode(text) : typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : text;
    }
  }
  return { record, errors };
}

/** Excel turns the province code "01" into the number 1: give single digits their leading zero back. */
function provinceCode(text: string): string {
  return /^\d$/.test(text) ? `0${text}` : text;
}
