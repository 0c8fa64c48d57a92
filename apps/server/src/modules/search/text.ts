/**
 * Text for search: one normalisation and one tokenizer, used for indexing and
 * for queries alike and on both databases, so a query matches a document
 * exactly when their token sets say so.
 *
 * - Folding: NFKD, lower case, drop nonspacing marks (accents), NFKC, and the
 *   ligatures French writes (œ, æ) spelt out: "Été", "ETE" and "ete" are one token.
 * - Han, kana and Hangul: unigrams and bigrams of every run, whatever words a
 *   dictionary would see. A query's run becomes its bigrams (or its one
 *   character), so it matches any document containing it as a substring:
 *   "咖啡" finds "手冲咖啡" however a segmenter would cut either.
 * - Other scripts: Intl.Segmenter words (it knows Thai, Lao, Khmer, Burmese),
 *   cut again at anything that is not a letter, mark or digit ("l’été" gives
 *   "l" and "ete"), so tokens never carry punctuation or FTS syntax.
 */

const WORDS = new Intl.Segmenter('und', { granularity: 'word' });
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUNS = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu;
const WORD_PIECES = /[\p{L}\p{M}\p{N}]+/gu;
// Kana voicing marks change the syllable (か/が), unlike an accent: keep them.
const ACCENTS = /(?![\u3099\u309a])\p{Mn}/gu;
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae' };

/** Longer "words" are URLs or noise; they would only bloat the index. */
const MAX_TOKEN_LENGTH = 40;
/** A query of more terms costs more and finds nothing more. */
export const MAX_QUERY_TERMS = 24;

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .replace(/[œæ]/g, (ligature) => LIGATURES[ligature]!)
    .normalize('NFKC');
}

export function isCjk(text: string): boolean {
  return CJK.test(text);
}

/** Letters, marks and digits only: the form hashtags are matched in ("#Fait_Main" → "faitmain"). */
export function compactKey(text: string): string {
  return (foldText(text).match(WORD_PIECES) ?? []).join('');
}

function wordTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const segment of WORDS.segment(text)) {
    if (!segment.isWordLike) continue;
    for (const piece of segment.segment.match(WORD_PIECES) ?? []) {
      if ([...piece].length <= MAX_TOKEN_LENGTH) tokens.push(piece);
    }
  }
  return tokens;
}

interface Run {
  cjk: boolean;
  text: string;
}

function runs(folded: string): Run[] {
  return [...folded.matchAll(CJK_RUNS)].map((match) => ({ cjk: match[1] !== undefined, text: match[0] }));
}

function bigrams(chars: string[]): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** The tokens a document is indexed under, in text order (repeats kept: they count for relevance). */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runs(foldText(text))) {
    if (run.cjk) {
      const chars = [...run.text];
      tokens.push(...chars, ...bigrams(chars));
    } else {
      tokens.push(...wordTokens(run.text));
    }
  }
  return tokens;
}

export interface QueryTerm {
  token: string;
  /** Matches any token starting with it: the last word being typed. */
  prefix: boolean;
}

/**
 * The terms a document must all contain. The last word is a prefix while the
 * user may still be typing it (no space after it): "ali" finds "alice".
 * Empty when the query has nothing searchable (punctuation, emoji, spaces).
 */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const run of runs(foldText(query))) {
    if (run.cjk) {
      const chars = [...run.text];
      for (const token of chars.length === 1 ? chars : bigrams(chars)) terms.push({ token, prefix: false });
    } else {
      for (const token of wordTokens(run.text)) terms.push({ token, prefix: false });
    }
  }
  const last = terms[terms.length - 1];
  if (last && !isCjk(last.token) && /[\p{L}\p{M}\p{N}]$/u.test(query)) last.prefix = true;
  const seen = new Set<string>();
  return terms
    .filter((term) => {
      const key = `${term.prefix ? '*' : ''}${term.token}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_QUERY_TERMS);
}
