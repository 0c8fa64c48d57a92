import type { Comment, PublicUser } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { insertComment, removeComment } from './comment-state.js';

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

const comment = (id: string, parentId: string | null = null, replies: Comment[] = []): Comment => ({
  id,
  postId: 'pst_1',
  author,
  body: id,
  parentId,
  replyTo: null,
  mentions: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  replyCount: replies.length,
  replies,
});

describe('insertComment', () => {
  it('puts a new top-level comment first and a reply at the end of its thread', () => {
    const list = [comment('c1', null, [comment('r1', 'c1')]), comment('c2')];
    expect(insertComment(list, comment('c3')).map((c) => c.id)).toEqual(['c3', 'c1', 'c2']);
    const withReply = insertComment(list, comment('r2', 'c1'));
    expect(withReply[0]?.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(withReply[0]?.replyCount).toBe(2);
  });
});

describe('removeComment', () => {
  it('removes a thread with its replies, or a single reply', () => {
    const list = [comment('c1', null, [comment('r1', 'c1'), comment('r2', 'c1')]), comment('c2')];
    expect(removeComment(list, 'c1')).toEqual({ comments: [list[1]], removed: 3 });
    const { comments, removed } = removeComment(list, 'r1');
    expect(removed).toBe(1);
    expect(comments[0]?.replies.map((r) => r.id)).toEqual(['r2']);
    expect(comments[0]?.replyCount).toBe(1);
    expect(removeComment(list, 'nope').removed).toBe(0);
  });
});
