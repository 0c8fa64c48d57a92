import type { FeedItem, Post } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { applyUpdateToItems, followActive, removeMatching, restoreRemoved } from './feed-items.js';

function post(id: string, authorId: string, hashtags: string[] = [], extra: Partial<Post> = {}): Post {
  return {
    id,
    kind: 'note',
    author: { id: authorId, handle: `h_${authorId}`, displayName: authorId, bio: '', avatarUrl: null, role: 'user', verified: false, createdAt: '2025-01-01T00:00:00.000Z' },
    title: null,
    body: id,
    visibility: 'public',
    media: [],
    hashtags,
    mentions: [],
    stats: { likes: 0, comments: 0, reposts: 0, bookmarks: 0 },
    viewer: { liked: false, bookmarked: false },
    createdAt: '2025-01-01T00:00:00.000Z',
    editedAt: null,
    repostOfId: null,
    repostOf: null,
    ...extra,
  };
}

const item = (p: Post): FeedItem => ({ post: p, reasons: [{ kind: 'trending' }] });
const ids = (items: readonly FeedItem[]) => items.map((entry) => entry.post.id);

const FEED = [
  item(post('p1', 'ana', ['旅行'])),
  item(post('p2', 'bo', ['Food'])),
  item(post('p3', 'ana')),
  item(post('p4', 'cy', ['travel', 'food'])),
  item(post('p5', 'bo')),
];

describe('removeMatching', () => {
  it('takes out one post, everything by an author, or every post of a topic (matched as the server keys tags)', () => {
    expect(ids(removeMatching(FEED, { kind: 'post', postId: 'p2' }).items)).toEqual(['p1', 'p3', 'p4', 'p5']);
    const byAuthor = removeMatching(FEED, { kind: 'author', authorId: 'ana', handle: 'h_ana' });
    expect(ids(byAuthor.items)).toEqual(['p2', 'p4', 'p5']);
    expect(byAuthor.removed.map((entry) => [entry.index, entry.item.post.id])).toEqual([
      [0, 'p1'],
      [2, 'p3'],
    ]);
    expect(ids(removeMatching(FEED, { kind: 'topic', topic: 'FOOD' }).items)).toEqual(['p1', 'p3', 'p5']);
    expect(ids(removeMatching(FEED, { kind: 'topic', topic: '旅行' }).items)).toEqual(['p2', 'p3', 'p4', 'p5']);
  });

  it('judges a repost by the original it shows', () => {
    const original = post('orig', 'dee', ['cats']);
    const { repostOf: _none, repostOfId: _noneId, ...embedded } = original;
    const repost = item(post('rp', 'eve', [], { kind: 'repost', repostOfId: 'orig', repostOf: embedded }));
    expect(ids(removeMatching([repost], { kind: 'author', authorId: 'dee', handle: 'h_dee' }).items)).toEqual([]);
    expect(ids(removeMatching([repost], { kind: 'topic', topic: 'cats' }).items)).toEqual([]);
    expect(ids(removeMatching([repost], { kind: 'post', postId: 'orig' }).items)).toEqual([]);
  });
});

describe('restoreRemoved', () => {
  it('puts items back where they stood, and does not double one that came back meanwhile', () => {
    const { items, removed } = removeMatching(FEED, { kind: 'author', authorId: 'ana', handle: 'h_ana' });
    expect(ids(restoreRemoved(items, removed))).toEqual(ids(FEED));
    expect(ids(restoreRemoved([...items, FEED[2]!], removed))).toEqual(['p1', 'p2', 'p4', 'p5', 'p3']);
  });

  it('appends what no longer has its old place (the list got shorter)', () => {
    const { removed } = removeMatching(FEED, { kind: 'post', postId: 'p5' });
    expect(ids(restoreRemoved([FEED[0]!], removed))).toEqual(['p1', 'p5']);
  });
});

describe('applyUpdateToItems', () => {
  it('replaces a changed post and drops a deleted one, keeping the reasons', () => {
    const liked = { ...FEED[1]!.post, viewer: { liked: true, bookmarked: false }, stats: { ...FEED[1]!.post.stats, likes: 1 } };
    const changed = applyUpdateToItems(FEED, { type: 'changed', post: liked });
    expect(changed[1]).toEqual({ post: liked, reasons: FEED[1]!.reasons });
    expect(changed[0]).toBe(FEED[0]);
    expect(ids(applyUpdateToItems(FEED, { type: 'deleted', id: 'p3' }))).toEqual(['p1', 'p2', 'p4', 'p5']);
  });
});

describe('followActive', () => {
  it('stays on the item in view when others around it leave', () => {
    const { items } = removeMatching(FEED, { kind: 'author', authorId: 'ana', handle: 'h_ana' });
    expect(followActive(FEED, items, 'p4')).toBe(1);
  });

  it('moves to the next surviving item when the one in view leaves, and past the end when none is left', () => {
    const { items } = removeMatching(FEED, { kind: 'author', authorId: 'ana', handle: 'h_ana' });
    expect(followActive(FEED, items, 'p1')).toBe(0); // p2
    expect(followActive(FEED, items, 'p3')).toBe(1); // p4
    const { items: withoutBo } = removeMatching(FEED, { kind: 'author', authorId: 'bo', handle: 'h_bo' });
    expect(followActive(FEED, withoutBo, 'p5')).toBe(withoutBo.length);
  });
});
