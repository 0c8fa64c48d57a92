import { describe, expect, it } from 'vitest';
import { ftsMatchExpression, tsqueryLiteral, tsvectorLiteral } from './fulltext.js';
import { compactKey, foldText, indexTokens, queryTerms } from './text.js';

/** Whether a document's tokens hold every term of a query, as both engines decide it. */
function matches(document: string, query: string): boolean {
  const tokens = indexTokens(document);
  const terms = queryTerms(query);
  return terms.length > 0 && terms.every((term) => tokens.some((token) => (term.prefix ? token.startsWith(term.token) : token === term.token)));
}

describe('search text', () => {
  it('folds case, accents, compatibility forms and French ligatures', () => {
    expect(foldText('Été À PARIS')).toBe('ete a paris');
    expect(foldText('ＣＡＦÉ')).toBe('cafe');
    expect(foldText('Œuf')).toBe('oeuf');
    // Kana voicing is part of the syllable, not an accent.
    expect(foldText('が')).toBe('が');
  });

  it('finds Chinese words inside unspaced text, however they would be segmented', () => {
    expect(matches('今天喝了一杯手冲咖啡', '咖啡')).toBe(true);
    expect(matches('今天喝了一杯手冲咖啡', '手冲咖啡')).toBe(true);
    expect(matches('今天喝了一杯手冲咖啡', '咖')).toBe(true);
    expect(matches('今天喝了一杯手冲咖啡', '奶茶')).toBe(false);
    // Bigrams: "冲咖" spans two dictionary words and still matches as a substring.
    expect(matches('今天喝了一杯手冲咖啡', '冲咖')).toBe(true);
  });

  it('matches French accents both ways and is case-insensitive', () => {
    expect(matches("Un bel été à Paris", 'ete')).toBe(true);
    expect(matches('Un bel ete a Paris', 'été')).toBe(true);
    expect(matches("L'ÉTÉ INDIEN", 'été indien')).toBe(true);
    expect(matches('Hello World', 'hello WORLD')).toBe(true);
  });

  it('treats the last word as a prefix only while it is being typed', () => {
    expect(queryTerms('ali')).toEqual([{ token: 'ali', prefix: true }]);
    expect(queryTerms('ali ')).toEqual([{ token: 'ali', prefix: false }]);
    expect(queryTerms('hello wor')).toEqual([
      { token: 'hello', prefix: false },
      { token: 'wor', prefix: true },
    ]);
    expect(matches('alice_w', '@ali')).toBe(true);
  });

  it('leaves nothing of punctuation, FTS syntax or emoji', () => {
    for (const query of ['', '   ', '!!!', '"', '*', 'NEAR(', '-', ':', '😀', '()', '^', '"" *']) {
      const terms = queryTerms(query);
      expect(terms.every((term) => /^[\p{L}\p{M}\p{N}]+$/u.test(term.token)), query).toBe(true);
    }
    expect(queryTerms('!!!')).toEqual([]);
    expect(queryTerms('NEAR(a b)').map((term) => term.token)).toEqual(['near', 'a', 'b']);
    expect(queryTerms('-x:y*').map((term) => term.token)).toEqual(['x', 'y']);
  });

  it('quotes every term for FTS5 and PostgreSQL', () => {
    const terms = [
      { token: 'ete', prefix: false },
      { token: 'ali', prefix: true },
    ];
    expect(ftsMatchExpression(terms)).toBe('"ete" AND "ali" *');
    expect(tsqueryLiteral(terms)).toBe("'ete' & 'ali':*");
    expect(tsvectorLiteral([['a', 'b'], ['a']])).toBe("'a':1A,3B 'b':2A");
  });

  it('reduces a hashtag to letters and digits for autocomplete', () => {
    expect(compactKey('#Fait_Main')).toBe('faitmain');
    expect(compactKey('#话题#')).toBe('话题');
    expect(compactKey('#!!')).toBe('');
  });
});
