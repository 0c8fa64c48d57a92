import { describe, expect, it } from 'vitest';
import { searchTerm } from './search-terms.js';

describe('hot search terms', () => {
  it('folds a query to one key and keeps it as typed for display', () => {
    expect(searchTerm('  Été   à Paris! ')).toEqual({ key: 'ete a paris', display: 'Été à Paris' });
    expect(searchTerm('#手冲咖啡#')).toEqual({ key: '手冲咖啡', display: '手冲咖啡' });
    expect(searchTerm('AI')).toEqual({ key: 'ai', display: 'AI' });
  });

  it('ignores single letters, stop words alone, punctuation and sentences', () => {
    for (const query of ['x', '咖', 'the', 'de la', "l'", '我的', '!!!', '😀😀', 'a'.repeat(41)]) expect(searchTerm(query), query).toBeNull();
    expect(searchTerm('the coffee')).toEqual({ key: 'the coffee', display: 'the coffee' });
  });
});
