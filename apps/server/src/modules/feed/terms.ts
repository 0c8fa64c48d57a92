import { indexTokens } from '../search/index.js';

/** Words of a post's text the engine keeps for a new post's start (EngineItem.terms). */
export const MAX_POST_TERMS = 16;

/**
 * Words so common in the three languages Souk speaks that they say nothing
 * of what a post is about; left out so they do not take the places of those
 * that do. Folded as search folds them (no accents, lower case).
 */
const COMMON_WORDS = new Set([
  ...['the', 'and', 'for', 'you', 'with', 'this', 'that', 'are', 'was', 'have', 'has', 'but', 'not', 'all', 'can', 'our', 'your', 'from', 'they', 'will', 'just', 'what', 'about', 'out', 'one', 'get', 'too', 'very', 'more', 'who'],
  ...['les', 'des', 'une', 'pour', 'dans', 'est', 'pas', 'que', 'qui', 'sur', 'avec', 'par', 'plus', 'mais', 'nous', 'vous', 'son', 'ses', 'aux', 'ont', 'tout', 'tres', 'bien', 'cette', 'comme', 'elle', 'ils', 'sont', 'fait', 'encore'],
  ...['我们', '一个', '这个', '那个', '就是', '还是', '没有', '什么', '自己', '可以', '因为', '所以', '但是', '如果', '今天', '真的', '非常', '已经', '这样', '一下'],
]);

const DIGITS = /^\p{N}+$/u;
const CJK = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u;

/**
 * The words a post's title and body give the engine, in text order, each
 * once: words of three letters or more, and pairs of Chinese, Japanese or
 * Korean characters (search's tokens: a single character, a two-letter word
 * or a number says little of a subject). The hashtags are topics already,
 * and common words are left out.
 */
export function postTerms(title: string | null, body: string, hashtagKeys: readonly string[]): string[] {
  const hashtags = new Set(hashtagKeys);
  const terms = new Set<string>();
  for (const token of indexTokens(`${title ?? ''}\n${body}`)) {
    if (terms.size === MAX_POST_TERMS) break;
    const length = [...token].length;
    if (CJK.test(token) ? length !== 2 : length < 3) continue;
    if (DIGITS.test(token) || hashtags.has(token) || COMMON_WORDS.has(token)) continue;
    terms.add(token);
  }
  return [...terms];
}
