import type { FeedReason } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { DICTIONARIES, LOCALES } from '../../i18n/locales.js';
import { createTranslate, createTranslatePlural } from '../../i18n/translate.js';
import { reasonWords } from './reason-text.js';

function words(locale: (typeof LOCALES)[number]) {
  const t = createTranslate(DICTIONARIES[locale]);
  const tn = createTranslatePlural(t, locale);
  return (reason: FeedReason) => reasonWords(reason, t, tn);
}

const EVERY_KIND: FeedReason[] = [
  { kind: 'similar_to', postId: 'pst_1', title: 'Night market in Taipei' },
  { kind: 'interest', topic: '旅行' },
  { kind: 'interest', topic: null },
  { kind: 'following', handle: 'li_wei' },
  { kind: 'friends_liked', handle: 'ana', count: 1 },
  { kind: 'friends_liked', handle: 'ana', count: 3 },
  { kind: 'popular_in', topic: 'brunch' },
  { kind: 'trending' },
  { kind: 'new_creator', handle: 'newbie' },
  { kind: 'fresh' },
  { kind: 'latest' },
  { kind: 'popular' },
];

describe('reasonWords', () => {
  it('says every reason in English, naming what it points at', () => {
    const say = words('en');
    expect(say({ kind: 'similar_to', postId: 'pst_1', title: 'Night market in Taipei' })).toEqual({
      text: 'Because you engaged with “Night market in Taipei”',
      link: '/p/pst_1',
    });
    expect(say({ kind: 'popular_in', topic: '旅行' })).toEqual({ text: 'Popular in #旅行#', link: `/t/${encodeURIComponent('旅行')}` });
    expect(say({ kind: 'interest', topic: 'Brunch' })).toEqual({ text: 'Matches your interest in #Brunch', link: '/t/brunch' });
    expect(say({ kind: 'interest', topic: null })).toEqual({ text: 'Matches your interests' });
    expect(say({ kind: 'new_creator', handle: 'newbie' })).toEqual({ text: 'New creator: @newbie', link: '/u/newbie' });
    expect(say({ kind: 'following', handle: 'li_wei' }).text).toBe('From @li_wei, whom you follow');
    expect(say({ kind: 'latest' }).text).toBe(en['feed.reason.latest']);
  });

  it('counts the other friends who liked it: @x alone, or @x and n others', () => {
    const say = words('en');
    expect(say({ kind: 'friends_liked', handle: 'ana', count: 1 }).text).toBe('Liked by @ana, whom you follow');
    expect(say({ kind: 'friends_liked', handle: 'ana', count: 2 }).text).toBe('Liked by @ana and 1 other person you follow');
    expect(say({ kind: 'friends_liked', handle: 'ana', count: 3 }).text).toBe('Liked by @ana and 2 other people you follow');
    expect(words('zh-CN')({ kind: 'friends_liked', handle: 'ana', count: 3 }).text).toBe('你关注的 @ana 和另外 2 人赞过');
  });

  it('shortens a long title and falls back to a plain sentence for an untitled one', () => {
    const say = words('fr');
    const long = say({ kind: 'similar_to', postId: 'p', title: 'Une très longue balade le long de la Seine au petit matin' });
    expect(long.text).toBe('Parce que vous avez interagi avec «\u202FUne très longue balade le long…\u202F»');
    expect(say({ kind: 'similar_to', postId: 'p', title: '  ' }).text).toBe('Parce que vous avez interagi avec une publication semblable');
  });

  it.each(LOCALES)('has words for every kind of reason in %s, with no placeholder left unfilled', (locale) => {
    const say = words(locale);
    for (const reason of EVERY_KIND) {
      const { text } = say(reason);
      expect(text.trim(), reason.kind).not.toBe('');
      expect(text, reason.kind).not.toMatch(/\{\w+\}/);
    }
  });
});
