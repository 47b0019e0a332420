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
  /** Rows match when every folded syllable is present anywhere. */
  match: SQL;
  /**
   * Relevance tiers, best first, each a condition on the small title vector: exact-diacritic
   * phrase (only when q has diacritics), folded phrase, all syllables; the last tier (matches in
   * the body only) is what is left. Tiers are cheap `@@` tests, so a broad query never has to
   * score every match: each tier is read in index order and cut at the page size.
   */
  tiers: SQL[];
  /** The syllables each tier needs in the title vector, in the order of `tiers`. */
  tierLexemes: string[][];
  /** The last tier: matches whose title and keywords do not hold every syllable. */
  notInTitle: SQL;
}

/** Builds the match condition and relevance tiers for `q`; undefined when q has no searchable syllable. */
export function searchQuery(q: string, vector: AnyPgColumn, rankVector: AnyPgColumn): SearchQuery | undefined {
  const folded = tokens(foldedForm(q)).slice(0, 12);
  const exact = tokens(exactForm(q)).slice(0, 12);
  if (folded.length === 0) return undefined;
  // Whole syllables only: prefix expansion makes broad queries scan far more of the index.
  const andQuery = folded.join(' & ');
  const foldedPhrase = folded.join(' <-> ');
  const exactPhrase = exact.join(' <-> ');
  const tiers: SQL[] = [];
  const tierLexemes: string[][] = [];
  // A query typed without diacritics states no preference between "xử lý" and "xu ly".
  if (exactPhrase !== foldedPhrase) {
    tiers.push(sql`${rankVector} @@ to_tsquery('simple', ${exactPhrase})`);
    tierLexemes.push(exact);
  }
  if (folded.length > 1) {
    tiers.push(sql`${rankVector} @@ to_tsquery('simple', ${foldedPhrase})`);
    tierLexemes.push(folded);
  }
  tiers.push(sql`${rankVector} @@ to_tsquery('simple', ${andQuery})`);
  tierLexemes.push(folded);
  return {
    match: sql`${vector} @@ to_tsquery('simple', ${andQuery})`,
    tiers,
    tierLexemes,
    notInTitle: sql`NOT (${rankVector} @@ to_tsquery('simple', ${andQuery}))`,
  };
}
