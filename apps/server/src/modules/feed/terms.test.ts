import { describe, expect, it } from 'vitest';
import { MAX_POST_TERMS, postTerms } from './terms.js';

describe('postTerms', () => {
  it('keeps the words that say what a post is about, folded, once each, in text order', () => {
    expect(postTerms('Ramen at home', 'The broth takes 12 hours, and the RAMEN is worth it! #ramen #Cuisine', ['ramen', 'cuisine'])).toEqual(['home', 'broth', 'takes', 'hours', 'worth']);
    expect(postTerms(null, 'Une journée à Éze: les ruelles, la mer et des glaces.', [])).toEqual(['journee', 'eze', 'ruelles', 'mer', 'glaces']);
  });

  it('takes pairs of Chinese characters, not single ones, and leaves out common ones', () => {
    expect(postTerms('手冲咖啡', '我们今天在家做咖啡', [])).toEqual(['手冲', '冲咖', '咖啡', '们今', '天在', '在家', '家做', '做咖']);
  });

  it('keeps at most a few words of a long text', () => {
    const body = Array.from({ length: 100 }, (_, k) => `word${String.fromCharCode(97 + (k % 26))}${k}`).join(' ');
    expect(postTerms(null, body, [])).toHaveLength(MAX_POST_TERMS);
    expect(postTerms(null, '', [])).toEqual([]);
  });
});
