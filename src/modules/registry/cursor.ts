import { createHash } from 'node:crypto';
import { AppError } from '../../http/errors.js';

/** An opaque keyset cursor: the last row's sort value and id, bound to the filters it was made for. */
export interface CursorState {
  value: string | number | null;
  id: string;
}

export function filterFingerprint(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(filters).sort().map((k) => [k, filters[k] ?? null]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, v: state.value, i: state.id })).toString('base64url');
}

const invalidCursor = (en: string, vi: string) =>
  new AppError('VALIDATION_FAILED', { en, vi }, { code: 'INVALID_CURSOR', fields: [{ path: 'query.cursor', code: 'invalid_cursor', message: { en, vi } }] });

export function decodeCursor(cursor: string, fingerprint: string): CursorState {
  let parsed: { f?: unknown; v?: unknown; i?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidCursor('The cursor is not one this API issued', 'Con trỏ phân trang không hợp lệ');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.i !== 'string' ||
    !/^[0-9a-f-]{36}$/.test(parsed.i) ||
    !(typeof parsed.v === 'string' || typeof parsed.v === 'number' || parsed.v === null)
  ) {
    throw invalidCursor('The cursor is not one this API issued', 'Con trỏ phân trang không hợp lệ');
  }
  if (parsed.f !== fingerprint) {
    throw invalidCursor(
      'The cursor belongs to a list with other filters or sort; start again without cursor',
      'Con trỏ thuộc về danh sách với bộ lọc hoặc cách sắp xếp khác; hãy bắt đầu lại không có cursor',
    );
  }
  return { value: parsed.v, id: parsed.i };
}
