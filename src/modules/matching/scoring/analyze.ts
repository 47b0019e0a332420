import { fold, nfc } from '../../../lib/text.js';
import { SYNONYMS } from './synonyms.js';

/**
 * Text analysis for matching: syllable unigrams and adjacent-syllable bigrams, each in an exact
 * (lower-case, diacritics kept) and a folded form, Hangul words with their character bigrams, and
 * concept tokens `~key` from the synonym table.
 */

/** Receives each term occurrence: folded form (the index key), exact form, and a weight. */
export type TermSink = (folded: string, exact: string, weight: number) => void;

// Function words that would otherwise dominate long Vietnamese texts. Exact forms only: folded, many
// of them are content words ("cho" is also chợ, market; "có" is also cỏ, grass).
const STOP_EXACT = new Set(
  (
    'và của các cho được trong có là với những một này đó để từ tại theo khi đã đang sẽ như thì mà bị do vì nên ' +
    'nhưng hoặc hay cũng rất nhiều về ra vào lên đến trên dưới sau trước giữa không chưa mỗi từng nhằm bằng qua ở ' +
    'hơn còn vẫn đều chỉ gì nào ai này kia ấy việc sự cái chiếc nhất cùng lại đây đấy rằng thế vậy nếu tới bởi ' +
    'nay năm tháng ngày gồm với tự'
  ).split(' '),
);
// Typed without diacritics, only the unambiguous ones.
const STOP_ASCII = new Set(
  (
    'va cua cac duoc voi nhung mot cho nay theo ' +
    'the a an and or of for to in on with by from at as is are be was were been this that these those it its into ' +
    'per our we you their they using use used based such can will may also than then which who whose other etc via up'
  ).split(' '),
);
// "tự" alone is noise, but "tự động" must still form its bigram; see BIGRAM_ONLY below.
const BIGRAM_ONLY = new Set(['tự', 'năm', 'ngày', 'tháng']);

const HANGUL = /[\uac00-\ud7a3]/;
const ASCII = /^[\x20-\x7e]*$/;
const DIGITS = /^\p{N}+$/u;
const SEGMENT_BREAK = /[.,;:!?()[\]{}"“”‘’«»\n\r\t/\\|•·…=+*<>]+/u;
const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

const foldCache = new Map<string, string>();
function foldToken(lower: string): string {
  if (ASCII.test(lower)) return lower;
  let f = foldCache.get(lower);
  if (f === undefined) {
    f = fold(lower);
    // Vietnamese has a few thousand syllables; the cap only guards against unbounded garbage.
    if (foldCache.size > 200_000) foldCache.clear();
    foldCache.set(lower, f);
  }
  return f;
}

/** English plural folding; safe for Vietnamese, whose syllables never end in -s. */
function stem(t: string): string {
  if (t.length < 4 || !ASCII.test(t) || /\d/.test(t)) return t;
  if (t.endsWith('ies') && t.length >= 5) return t.slice(0, -3) + 'y';
  if (t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && !t.endsWith('is')) return t.slice(0, -1);
  return t;
}

type Mode = 'folded' | 'exact' | 'case';
interface Variant {
  key: string;
  mode: Mode;
  toks: string[];
}

const enum Kind {
  Word,
  Hangul,
  /** Digits and stopwords: not indexed, and they break adjacency. */
  Skip,
}

interface Tok {
  orig: string;
  exact: string;
  folded: string;
  kind: Kind;
  unigram: boolean;
  /** Synonym variants that start with this token. */
  starts: Variant[] | undefined;
}

const byFirst = new Map<string, Variant[]>();
const hangulVariants: Variant[] = [];

// Raw token → analysed token. Text is Zipfian, so nearly every token is a cache hit; this is most of
// what makes indexing a hundred thousand records take seconds rather than a minute.
const tokCache = new Map<string, Tok>();
function tok(orig: string): Tok {
  let t = tokCache.get(orig);
  if (t !== undefined) return t;
  const exact = stem(orig.toLowerCase());
  const folded = stem(foldToken(exact));
  const hangul = HANGUL.test(exact);
  const bigramOnly = BIGRAM_ONLY.has(exact);
  const stop = STOP_EXACT.has(exact) || (exact === folded && STOP_ASCII.has(exact));
  const kind = hangul ? Kind.Hangul : DIGITS.test(exact) || (stop && !bigramOnly) ? Kind.Skip : Kind.Word;
  t = { orig, exact, folded, kind, unigram: kind === Kind.Word && exact.length >= 2 && !bigramOnly, starts: hangul ? undefined : byFirst.get(folded) };
  if (tokCache.size > 500_000) tokCache.clear();
  tokCache.set(orig, t);
  return t;
}

function tokenize(segment: string): Tok[] {
  const out: Tok[] = [];
  for (const orig of segment.split(TOKEN_SPLIT)) if (orig.length > 0) out.push(tok(orig));
  return out;
}

for (const [key, ...variants] of SYNONYMS) {
  for (const raw of variants) {
    const mode: Mode = raw.startsWith('=') ? 'case' : raw.startsWith('!') ? 'exact' : 'folded';
    const text = mode === 'folded' ? raw : raw.slice(1);
    const toks = tokenize(nfc(text));
    if (toks.length === 0) continue;
    const v: Variant = {
      key: `~${key}`,
      mode,
      toks: toks.map((t) => (mode === 'case' ? t.orig : mode === 'exact' ? t.exact : t.folded)),
    };
    if (HANGUL.test(text)) hangulVariants.push(v);
    else {
      const first = toks[0]!.folded;
      const list = byFirst.get(first);
      if (list) list.push(v);
      else byFirst.set(first, [v]);
    }
  }
}
// Tokens cached while reading the table itself predate byFirst.
tokCache.clear();

function tokMatches(v: Variant, j: number, t: Tok, prefix: boolean): boolean {
  const want = v.toks[j]!;
  const have = v.mode === 'case' ? t.orig : v.mode === 'exact' ? t.exact : t.folded;
  return prefix ? have.startsWith(want) : have === want;
}

function emitConcepts(toks: Tok[], weight: number, sink: TermSink): void {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const list = t.kind === Kind.Hangul ? hangulVariants : t.starts;
    if (!list) continue;
    const prefix = t.kind === Kind.Hangul;
    for (const v of list) {
      if (i + v.toks.length > toks.length) continue;
      let ok = true;
      for (let j = 0; j < v.toks.length && ok; j++) ok = tokMatches(v, j, toks[i + j]!, prefix && j === v.toks.length - 1);
      if (ok) sink(v.key, v.key, weight);
    }
  }
}

/**
 * What a scan of a text reports: standalone terms (concept tokens, Hangul words and their
 * character bigrams), syllables that take part in bigrams (unigram false: only in bigrams), and
 * gaps where adjacency breaks. The index builds bigrams from syllable ids, never from strings.
 */
export interface ScanVisitor {
  term(folded: string, exact: string, weight: number): void;
  token(folded: string, exact: string, weight: number, unigram: boolean): void;
  gap(): void;
}

export function scan(text: string, weight: number, v: ScanVisitor): void {
  if (!text) return;
  for (const segment of nfc(text).split(SEGMENT_BREAK)) {
    const toks = tokenize(segment);
    v.gap();
    if (toks.length === 0) continue;
    emitConcepts(toks, weight, (f, e, w) => v.term(f, e, w));
    for (const t of toks) {
      if (t.kind === Kind.Hangul) {
        if (t.exact.length >= 2) v.term(t.folded, t.exact, weight);
        if (t.exact.length >= 3) for (let i = 0; i + 2 <= t.exact.length; i++) v.term(t.exact.slice(i, i + 2), t.exact.slice(i, i + 2), weight);
        v.gap();
      } else if (t.kind === Kind.Skip) v.gap();
      else v.token(t.folded, t.exact, weight, t.unigram);
    }
  }
  v.gap();
}

/** Streams the terms of one text into sink as strings (bigrams joined with "_"), each occurrence with the given weight. */
export function analyzeInto(text: string, weight: number, sink: TermSink): void {
  let prev: { f: string; e: string } | null = null;
  scan(text, weight, {
    term: sink,
    token(f, e, w, unigram) {
      if (unigram) sink(f, e, w);
      if (prev) sink(`${prev.f}_${f}`, `${prev.e}_${e}`, w);
      prev = { f, e };
    },
    gap() {
      prev = null;
    },
  });
}
/**
 * Adds the folded terms of a text to a set: exactly the `folded` of analyze(text), without building
 * the exact forms (the hot path of explanations and expert suggestions).
 */
export function addFoldedTerms(text: string, into: Set<string>): void {
  let prev: string | null = null;
  scan(text, 1, {
    term(f) {
      into.add(f);
    },
    token(f, _e, _w, unigram) {
      if (unigram) into.add(f);
      if (prev !== null) into.add(`${prev}_${f}`);
      prev = f;
    },
    gap() {
      prev = null;
    },
  });
}

/** Terms of a text, each once, in order of first appearance: exact and folded forms, synonyms expanded. */
export function analyze(text: string): { exact: string[]; folded: string[] } {
  const exact = new Set<string>();
  const folded = new Set<string>();
  analyzeInto(text, 1, (f, e) => {
    folded.add(f);
    exact.add(e);
  });
  return { exact: [...exact], folded: [...folded] };
}
