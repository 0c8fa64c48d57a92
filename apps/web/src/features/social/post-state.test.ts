import type { Post, PublicUser } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { coverOf, headlineOf, replacePost, withBookmarked, withLiked } from './post-state.js';
import { applyPostUpdate } from './post-updates.js';

const author: PublicUser = {
  id: 'usr_1',
  handle: 'anna',
  displayName: 'Anna',
  bio: '',
  avatarUrl: null,
  role: 'user',
  verified: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};

function post(overrides: Partial<Post> = {}): Post {
  return {
    id: 'pst_1',
    kind: 'note',
    author,
    title: null,
    body: 'hello',
    visibility: 'public',
    media: [],
    hashtags: [],
    mentions: [],
    stats: { likes: 2, comments: 0, reposts: 0, bookmarks: 0 },
    viewer: { liked: false, bookmarked: false },
    createdAt: '2025-01-01T00:00:00.000Z',
    editedAt: null,
    repostOfId: null,
    repostOf: null,
    ...overrides,
  };
}

describe('withLiked / withBookmarked', () => {
  it('flips the viewer flag and moves the count by one', () => {
    const liked = withLiked(post(), true);
    expect(liked.viewer?.liked).toBe(true);
    expect(liked.stats.likes).toBe(3);
    expect(withLiked(liked, false).stats.likes).toBe(2);
    expect(withBookmarked(post(), true).stats.bookmarks).toBe(1);
  });

  it('changes nothing when already in that state or logged out', () => {
    const original = post();
    expect(withLiked(original, false)).toBe(original);
    const anonymous = post({ viewer: null });
    expect(withLiked(anonymous, true)).toBe(anonymous);
  });

  it('never goes below zero', () => {
    expect(withLiked(post({ viewer: { liked: true, bookmarked: false }, stats: { likes: 0, comments: 0, reposts: 0, bookmarks: 0 } }), false).stats.likes).toBe(0);
  });
});

describe('replacePost', () => {
  it('replaces the post itself and its embedded copy in reposts', () => {
    const original = post();
    const repost = post({ id: 'pst_2', kind: 'repost', repostOfId: 'pst_1', repostOf: original });
    const updated = withLiked(original, true);
    const [first, second] = replacePost([original, repost], updated);
    expect(first).toBe(updated);
    expect(second?.repostOf?.stats.likes).toBe(3);
    expect(second?.repostOf).not.toHaveProperty('repostOf');
  });
});

describe('coverOf / headlineOf', () => {
  const image = { id: 'med_1', kind: 'image' as const, url: '/a.webp', thumbUrl: '/a-s.webp', width: 300, height: 400, durationMs: null, contentType: 'image/webp', bytes: 1 };

  it('uses the first image, else the reposted post’s', () => {
    expect(coverOf(post({ media: [image] }))).toEqual({ url: '/a-s.webp', width: 300, height: 400, video: false });
    expect(coverOf(post({ kind: 'repost', body: '', repostOf: post({ media: [image] }) }))?.url).toBe('/a-s.webp');
    expect(coverOf(post())).toBeUndefined();
  });

  it('prefers the title, then the text, then the reposted post’s', () => {
    expect(headlineOf(post({ title: 'Title' }))).toBe('Title');
    expect(headlineOf(post())).toBe('hello');
    expect(headlineOf(post({ body: '', repostOf: post({ title: 'Orig' }) }))).toBe('Orig');
  });
});

describe('applyPostUpdate', () => {
  it('replaces a changed post and leaves lists without it untouched', () => {
    const items = [post(), post({ id: 'pst_2' })];
    const liked = withLiked(post(), true);
    expect(applyPostUpdate(items, { type: 'changed', post: liked })[0]).toBe(liked);
    const others = [post({ id: 'pst_9' })];
    expect(applyPostUpdate(others, { type: 'changed', post: liked })).toBe(others);
  });

  it('removes a deleted post and empties the reposts of it', () => {
    const original = post();
    const repost = post({ id: 'pst_2', kind: 'repost', repostOfId: 'pst_1', repostOf: original });
    expect(applyPostUpdate([original, repost], { type: 'deleted', id: 'pst_1' })).toEqual([{ ...repost, repostOf: null }]);
  });
});
