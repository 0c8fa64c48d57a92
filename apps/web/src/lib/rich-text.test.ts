import { describe, expect, it } from 'vitest';
import { activeToken, applyCompletion, hashtagKey, hashtagText, parseRichText, type RichSegment } from './rich-text.js';

const links = (segments: RichSegment[]) => segments.filter((segment) => segment.type !== 'text');

describe('parseRichText', () => {
  it('finds the Weibo form #话题# and keeps the surrounding text', () => {
    expect(parseRichText('今天去了 #上海美食#，太好吃了')).toEqual([
      { type: 'text', text: '今天去了 ' },
      { type: 'hashtag', text: '#上海美食#', name: '上海美食', key: '上海美食' },
      { type: 'text', text: '，太好吃了' },
    ]);
  });

  it('lets the closed form hold inner spaces, keyed with them collapsed', () => {
    expect(links(parseRichText('#Spring  Sale# now'))).toEqual([
      { type: 'hashtag', text: '#Spring  Sale#', name: 'Spring  Sale', key: 'spring sale' },
    ]);
  });

  it('reads a # or @ glued to a word as part of that word, like the server', () => {
    expect(links(parseRichText('I code in C# and F#, mail me@example.com'))).toEqual([]);
    // Chinese, Japanese and Korean have no spaces: a tag glued to them is still a tag.
    expect(links(parseRichText('吃了#火锅#'))).toEqual([{ type: 'hashtag', text: '#火锅#', name: '火锅', key: '火锅' }]);
    expect(links(parseRichText('##double'))).toEqual([{ type: 'hashtag', text: '#double', name: 'double', key: 'double' }]);
  });

  it('finds the #tag form in any script and stops at punctuation', () => {
    expect(links(parseRichText('Brunch #été, #Café_2024! #Paris'))).toEqual([
      { type: 'hashtag', text: '#été', name: 'été', key: 'été' },
      { type: 'hashtag', text: '#Café_2024', name: 'Café_2024', key: 'café_2024' },
      { type: 'hashtag', text: '#Paris', name: 'Paris', key: 'paris' },
    ]);
  });

  it('reads "#a and #b" as two tags, not one Weibo tag spanning the space', () => {
    expect(links(parseRichText('I love #paris and #lyon')).map((s) => s.text)).toEqual(['#paris', '#lyon']);
  });

  it('finds mentions but not e-mail addresses, too-short or too-long handles', () => {
    expect(links(parseRichText(`thanks @anna_b and @Zoé, write to me@example.com or @ab or @${'x'.repeat(31)}`))).toEqual([
      { type: 'mention', text: '@anna_b', handle: 'anna_b' },
    ]);
  });

  it('leaves a lone or doubled # as text', () => {
    expect(parseRichText('# ## #')).toEqual([{ type: 'text', text: '# ## #' }]);
  });

  it('links only what the server found when given its lists', () => {
    const segments = parseRichText('#Spring Sale# with @maria and @ghost #other', {
      hashtags: ['Spring Sale'],
      handles: ['Maria'],
    });
    expect(links(segments)).toEqual([
      { type: 'hashtag', text: '#Spring Sale#', name: 'Spring Sale', key: 'spring sale' },
      { type: 'mention', text: '@maria', handle: 'maria' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe('#Spring Sale# with @maria and @ghost #other');
  });

  it('keeps emoji and astral characters whole', () => {
    const text = '😀#𠮷野家 ok';
    expect(parseRichText(text).map((s) => s.text).join('')).toBe(text);
    expect(links(parseRichText(text))).toEqual([{ type: 'hashtag', text: '#𠮷野家', name: '𠮷野家', key: '𠮷野家' }]);
  });
});

describe('hashtagKey', () => {
  it('folds case and compatibility forms', () => {
    expect(hashtagKey('ＣａｆÉ')).toBe('café');
  });
});

describe('activeToken', () => {
  const at = (text: string) => activeToken(text, text.length);

  it('detects a hashtag being typed, also glued to Chinese text', () => {
    expect(at('hello #caf')).toEqual({ kind: 'hashtag', query: 'caf', start: 6, end: 10 });
    expect(at('今天吃了#火锅')).toEqual({ kind: 'hashtag', query: '火锅', start: 4, end: 7 });
    expect(at('#')).toEqual({ kind: 'hashtag', query: '', start: 0, end: 1 });
  });

  it('sees nothing open right after a closed Weibo tag or after a space', () => {
    expect(at('#火锅#')).toBeUndefined();
    expect(at('#火锅#好')).toBeUndefined();
    expect(at('#tag ')).toBeUndefined();
    expect(at('plain words')).toBeUndefined();
  });

  it('detects a mention but not an e-mail address', () => {
    expect(at('cc @an')).toEqual({ kind: 'mention', query: 'an', start: 3, end: 6 });
    expect(at('me@exa')).toBeUndefined();
    expect(at('@bad-')).toBeUndefined();
  });

  it('looks at the caret, not the end of the text', () => {
    expect(activeToken('#abc def', 3)).toEqual({ kind: 'hashtag', query: 'ab', start: 0, end: 3 });
  });
});

describe('hashtagText and applyCompletion', () => {
  it('writes Latin tags in #tag form and Chinese or spaced ones in the closed form', () => {
    expect(hashtagText('café')).toBe('#café');
    expect(hashtagText('上海美食')).toBe('#上海美食#');
    expect(hashtagText('Spring Sale')).toBe('#Spring Sale#');
  });

  it('replaces the token and puts the caret after one space', () => {
    const text = 'hi @an there';
    const token = activeToken(text, 6)!;
    expect(applyCompletion(text, token, '@anna')).toEqual({ text: 'hi @anna there', caret: 9 });
    const end = 'go #ca';
    expect(applyCompletion(end, activeToken(end, end.length)!, '#café')).toEqual({ text: 'go #café ', caret: 9 });
  });

  it('puts a space before a token glued to a Latin word, so the server reads it as a tag', () => {
    const text = 'Paris#caf';
    const done = applyCompletion(text, activeToken(text, text.length)!, hashtagText('café'));
    expect(done).toEqual({ text: 'Paris #café ', caret: 12 });
    expect(parseRichText(done.text).filter((s) => s.type === 'hashtag')).toHaveLength(1);
  });

  it('completes a tag glued to Chinese as it is', () => {
    const text = '今天吃了#火';
    const done = applyCompletion(text, activeToken(text, text.length)!, hashtagText('火锅'));
    expect(done).toEqual({ text: '今天吃了#火锅# ', caret: 9 });
    expect(parseRichText(done.text).filter((s) => s.type === 'hashtag')).toHaveLength(1);
  });
});
