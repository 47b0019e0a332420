import { FIELDS } from './fields.data.js';
import { CURRENT_UNITS, PRE_2025_UNITS } from './provinces.data.js';

/** In-memory views of the reference data (the same data the migrations seed into PostgreSQL). */
const current = new Map(CURRENT_UNITS.map((u) => [u.code, u]));
const previous = new Map(PRE_2025_UNITS.map((u) => [u.code, u]));

export const PROVINCE_CODES = new Set([...current.keys(), ...previous.keys()]);
export const CURRENT_PROVINCE_CODES = new Set(current.keys());

/**
 * The current (2025) unit a code belongs to. A code of a current unit is that unit; a code only in
 * the pre-2025 list rolls up to its successor. Reused codes are safe: the current unit with a
 * reused code is always the successor of the old unit with that code.
 */
export function currentProvinceOf(code: string): string | undefined {
  if (current.has(code)) return code;
  return previous.get(code)?.successorCode ?? undefined;
}

const fieldsByCode = new Map(FIELDS.map((f) => [f.code, f]));
export const FIELD_CODES = new Set(fieldsByCode.keys());

/** A field and all its descendants, for hierarchy-aware filters. */
export function fieldWithDescendants(code: string): string[] {
  const out = [code];
  for (const f of FIELDS) if (f.parent === code) out.push(...fieldWithDescendants(f.code));
  return out;
}

export function fieldLabel(code: string): { vi: string; en: string } | undefined {
  const f = fieldsByCode.get(code);
  return f ? { vi: f.labelVi, en: f.labelEn } : undefined;
}
