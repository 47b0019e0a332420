import { z } from 'zod';
import { nfc } from '../../lib/text.js';
import { FIELD_CODES, PROVINCE_CODES } from '../reference/reference.lookup.js';

/** Largest VND amount accepted: still exact in a JSON number (2^53 − 1 ≈ 9 triệu tỷ). */
const MAX_VND = Number.MAX_SAFE_INTEGER;

const bilingual = (en: string, vi: string) => ({ message: en, params: { vi } });

/** A trimmed, NFC-normalised string with a length cap; control characters other than newlines/tabs refused. */
export const str = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => nfc(s).trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        // eslint-disable-next-line no-control-regex -- refusing control characters is the point
        .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), bilingual('Control characters are not allowed', 'Không được chứa ký tự điều khiển')),
    );

export const languageCode = z.enum(['vi', 'en', 'ko']).describe('Original language of the record: vi, en or ko.');

/** Multilingual text `{ vi?, en?, ko? }`, at least one present. */
export const localizedText = (max: number) =>
  z
    .strictObject({
      vi: str(max).optional().describe('Vietnamese text.'),
      en: str(max).optional().describe('English text.'),
      ko: str(max).optional().describe('Korean text.'),
    })
    .refine((t) => t.vi !== undefined || t.en !== undefined || t.ko !== undefined, bilingual('Give the text in at least one of vi, en, ko', 'Cần ít nhất một trong các ngôn ngữ vi, en, ko'));

export type LocalizedText = { vi?: string; en?: string; ko?: string };

/** Integer VND as a JSON integer or a string of digits; never a float. */
export const vnd = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const n = typeof v === 'number' ? v : /^\d{1,16}$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_VND) {
      ctx.addIssue({ code: 'custom', ...bilingual('Must be a whole number of VND (an integer or a string of digits), 0 or more', 'Phải là số nguyên VND (số nguyên hoặc chuỗi chữ số), không âm') });
      return z.NEVER;
    }
    return n;
  })
  .meta({ description: 'Amount in VND (no minor unit): a JSON integer or a string of digits.', examples: [800000000, '1200000000'] });

export const isoDate = z.iso.date().describe('A calendar date, YYYY-MM-DD.');

export const provinceCode = z
  .string()
  .refine((c) => PROVINCE_CODES.has(c), bilingual('Unknown province code (use a code from GET /v1/reference/provinces)', 'Mã tỉnh/thành không hợp lệ (xem GET /v1/reference/provinces)'))
  .describe('Two-digit official province code: one of the 34 units from 1 July 2025 or one of the 63 earlier units.');

export const fieldCode = z
  .string()
  .refine((c) => FIELD_CODES.has(c), bilingual('Unknown technology field code (see GET /v1/reference/fields)', 'Mã lĩnh vực công nghệ không hợp lệ (xem GET /v1/reference/fields)'))
  .describe('Technology field code from GET /v1/reference/fields.');

export const countryCode = z.string().regex(/^[A-Z]{2}$/).describe('ISO 3166-1 alpha-2 country code, e.g. VN, KR.');

export const keywords = z.array(str(60)).max(20).default([]).describe('Free keywords (at most 20).');

export const uniqueArray = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((a) => new Set(a.map((x) => JSON.stringify(x))).size === a.length, bilingual('Items must be unique', 'Các phần tử không được trùng nhau'));

/** Cross-field rule: minimum ≤ maximum, reported on the maximum. */
export function minNotAboveMax(minKey: string, maxKey: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const min = value[minKey];
    const max = value[maxKey];
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      ctx.addIssue({ code: 'custom', path: [maxKey], ...bilingual(`${maxKey} must not be less than ${minKey}`, `${maxKey} không được nhỏ hơn ${minKey}`) });
    }
  };
}

export const sourceRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:@/-]{1,200}$/)
  .describe("The integrating system's own id of the record.");
export const sourceSystemSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)
  .describe('Which system the record comes from, e.g. "portal-hai-phong" (lower case).');
