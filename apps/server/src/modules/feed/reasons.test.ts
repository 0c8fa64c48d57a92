import type { Post } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { postTitle, presentReasons, reasonReferences, type ReasonContext } from './reasons.js';

const post = { id: 'pst_a', author: { id: 'usr_author', handle: 'chef_marcel' } } as unknown as Post;

describe('feed reasons', () => {
  it('names a post by its title, else by the first words of its body', () => {
    expect(postTitle({ title: 'Tarte tatin', body: 'anything' })).toBe('Tarte tatin');
    expect(postTitle({ title: null, body: 'Short note' })).toBe('Short note');
    expect(postTitle({ title: null, body: 'one two three four five six seven eight nine ten' })).toBe('one two three four five six seven eight…');
    expect(postTitle({ title: null, body: '今天去了一家很好吃的小面馆，麻辣鲜香，推荐给大家！' })).toBe('今天去了一家很好吃的小面馆，麻辣鲜香，推…');
    expect(postTitle({ title: null, body: '  spaced\n\nout  ' })).toBe('spaced out');
  });

  it('collects what reasons refer to, to resolve in one go', () => {
    expect(
      reasonReferences([
        { kind: 'similar_to', itemId: 'pst_b' },
        { kind: 'friends_liked', userId: 'usr_f', count: 2 },
        { kind: 'following', authorId: 'usr_author' },
        { kind: 'popular_in', topic: '旅行' },
        { kind: 'interest', topic: null },
      ]),
    ).toEqual({ postIds: ['pst_b'], userIds: ['usr_f', 'usr_author'], topics: ['旅行'] });
  });

  it('words each reason, drops those naming what the viewer may not see, and falls back to interests', () => {
    const context: ReasonContext = {
      titles: new Map([['pst_b', 'Tarte tatin']]),
      handles: new Map([['usr_f', 'chloe_m']]),
      topicNames: new Map([['cuisine', 'Cuisine']]),
    };
    expect(
      presentReasons(
        post,
        [
          { kind: 'similar_to', itemId: 'pst_b' },
          { kind: 'similar_to', itemId: 'pst_hidden' },
          { kind: 'friends_liked', userId: 'usr_f', count: 3 },
          { kind: 'following', authorId: 'usr_author' },
          { kind: 'popular_in', topic: 'cuisine' },
        ],
        context,
      ),
    ).toEqual([
      { kind: 'similar_to', postId: 'pst_b', title: 'Tarte tatin' },
      { kind: 'friends_liked', handle: 'chloe_m', count: 3 },
      { kind: 'following', handle: 'chef_marcel' },
    ]);
    expect(presentReasons(post, [{ kind: 'friends_liked', userId: 'usr_blocked', count: 1 }], context)).toEqual([{ kind: 'interest', topic: null }]);
    expect(presentReasons(post, [{ kind: 'trending' }, { kind: 'trending' }, { kind: 'interest', topic: 'cuisine' }], context)).toEqual([
      { kind: 'trending' },
      { kind: 'interest', topic: 'Cuisine' },
    ]);
  });
});
