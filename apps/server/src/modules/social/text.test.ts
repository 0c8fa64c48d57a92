import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, excerptOf, hashtagKey, parseText } from './text.js';

const tags = (text: string) => parseText(text).hashtags.map((tag) => tag.name);

describe('hashtags', () => {
  it('reads the Weibo form, spaces included, in any script', () => {
    expect(tags('今天去了 #上海旅行# 好开心')).toEqual(['上海旅行']);
    expect(tags('#Paris en été# on y va')).toEqual(['Paris en été']);
    expect(tags('#旅行##美食#')).toEqual(['旅行', '美食']);
    // Written without spaces, glued to the words before it.
    expect(tags('今天吃了#火锅#好开心')).toEqual(['火锅']);
    expect(tags('東京で#ラーメン')).toEqual(['ラーメン']);
  });

  it('reads the open #tag form up to the first non-word character', () => {
    expect(tags('Sunset in #Marrakech, then #café_crème!')).toEqual(['Marrakech', 'café_crème']);
    expect(tags('#東京 #서울 #القاهرة #Москва')).toEqual(['東京', '서울', 'القاهرة', 'Москва']);
  });

  it('prefers two open tags to one closed tag with a trailing space', () => {
    expect(tags('#a1 #b2')).toEqual(['a1', 'b2']);
    expect(tags('#a1 #b2 c#')).toEqual(['a1', 'b2 c']);
  });

  it('ignores a # inside a word, lone marks and empty tags', () => {
    expect(tags('I write C# and F#; issue#12')).toEqual([]);
    expect(tags('# ## ### #')).toEqual([]);
  });

  it('keys tags by NFKC and case, keeping the first display form', () => {
    const parsed = parseText('#Travel #TRAVEL #ｔｒａｖｅｌ');
    expect(parsed.hashtags).toEqual([{ key: 'travel', name: 'Travel' }]);
    expect(hashtagKey(' Paris  en été ')).toBe('paris en été');
  });

  it('never throws and keeps keys bounded, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseText(text);
        expect(parsed.hashtags.length).toBeLessThanOrEqual(10);
        for (const tag of parsed.hashtags) expect(tag.key.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('mentions', () => {
  it('finds @handles, once each, not inside e-mail addresses', () => {
    expect(parseText('hi @alice and @Bob_2, @alice again; mail me at me@example.com').mentions).toEqual(['alice', 'Bob_2']);
    expect(parseText('谢谢@lina_w和@小红！').mentions).toEqual(['lina_w']);
    expect(parseText('@ab is too short').mentions).toEqual([]);
  });
});

describe('text', () => {
  it('keeps line breaks, refuses control and bidi override characters', () => {
    expect(cleanText('  line one\r\nline two  ')).toBe('line one\nline two');
    expect(cleanText('evil \u202Egnp.exe')).toBeNull();
    expect(cleanText('nul\u0000')).toBeNull();
  });

  it('makes one-line excerpts that do not split characters', () => {
    expect(excerptOf('a\n\nb')).toBe('a b');
    expect(excerptOf('😀'.repeat(100), 10)).toBe(`${'😀'.repeat(9)}…`);
  });
});
