import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { exactForm, foldedForm, tokens } from '../../lib/text.js';

/** Flattens localized objects, arrays and strings into one text. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(' \n ');
  if (typeof value === 'object') return Object.values(value).map(textOf).join(' \n ');
  return String(value);
}

/** Both forms of a text: exact (NFC, lower case, diacritics kept) then folded. */
function bothForms(text: string): string {
  const exact = exactForm(text);
  const folded = foldedForm(text);
  return exact === folded ? exact : `${exact} \n ${folded}`;
}

export interface SearchDocument {
  searchVector: SQL;
  titleVector: SQL;
}

/** The stored search columns: title words weigh A, the rest B; exact and folded forms both indexed. */
export function searchDocument(record: Record<string, unknown>, keys: { title: string[]; body: string[] }): SearchDocument {
  const title = bothForms(keys.title.map((k) => textOf(record[k])).join(' \n '));
  const body = bothForms(keys.body.map((k) => textOf(record[k])).join(' \n '));
  const rankText = bothForms([...keys.title, 'keywords'].map((k) => textOf(record[k])).join(' \n '));
  return {
    searchVector: sql`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${body}), 'B')`,
    titleVector: sql`to_tsvector('simple', ${rankText})`,
  };
}

export interface SearchQuery {
  /** Rows match when every folded syllable is present (the last may be a prefix). */
  match: SQL;
  /** Exact-diacritic phrase > folded phrase > exact syllables > folded syllables. */
  rank: SQL<number>;
}

/**
 * Builds the match condition (on the full vector, answered by its GIN index without rechecks)
 * and the rank (on the small title vector, so a broad query never detoasts thousands of large
 * vectors). Undefined when q has no searchable syllable.
 */
export function searchQuery(q: string, vector: AnyPgColumn, rankVector: AnyPgColumn): SearchQuery | undefined {
  const folded = tokens(foldedForm(q)).slice(0, 12);
  const exact = tokens(exactForm(q)).slice(0, 12);
  if (folded.length === 0) return undefined;
  const last = folded.length - 1;
  const andQuery = folded.map((t, i) => (i === last && t.length >= 3 ? `${t}:*` : t)).join(' & ');
  const foldedPhrase = folded.join(' <-> ');
  const exactPhrase = exact.join(' <-> ');
  const exactAll = exact.join(' & ');
  // A query typed without diacritics states no preference between "xử lý" and "xu ly": the exact
  // bonus only applies when the query carries diacritics of its own.
  const exactBonus =
    exactPhrase === foldedPhrase
      ? sql``
      : sql`+ 4 * ts_rank_cd(${rankVector}, to_tsquery('simple', ${exactPhrase})) + 1.5 * ts_rank(${rankVector}, to_tsquery('simple', ${exactAll}))`;
  return {
    match: sql`${vector} @@ to_tsquery('simple', ${andQuery})`,
    rank: sql<number>`(
      2 * ts_rank_cd(${rankVector}, to_tsquery('simple', ${foldedPhrase}))
      + ts_rank(${rankVector}, to_tsquery('simple', ${andQuery}))
      ${exactBonus}
    )::real`,
  };
}
