import type { FeedItem, Post } from '@souk/contracts';
import { hashtagKey } from '../../lib/rich-text.js';
import { applyPostUpdate, type PostUpdate } from '../social/post-updates.js';

/** What "not interested" names: one post, everything by an author, or a topic. */
export type HideTarget =
  | { kind: 'post'; postId: string }
  | { kind: 'author'; authorId: string; handle: string }
  | { kind: 'topic'; topic: string };

/** Items taken out of the feed, with where they stood, so an undo puts them back in place. */
export interface Removed {
  index: number;
  item: FeedItem;
}

/** The post a feed item shows: a repost shows the original it carries. */
export function shownPost(post: Post): Post | NonNullable<Post['repostOf']> {
  return post.kind === 'repost' && post.repostOf ? post.repostOf : post;
}

function matches(item: FeedItem, target: HideTarget): boolean {
  const shown = shownPost(item.post);
  switch (target.kind) {
    case 'post':
      return item.post.id === target.postId || shown.id === target.postId;
    case 'author':
      return item.post.author.id === target.authorId || shown.author.id === target.authorId;
    case 'topic': {
      const key = hashtagKey(target.topic);
      return shown.hashtags.some((tag) => hashtagKey(tag) === key);
    }
  }
}

/** Takes every item the choice covers out of the list at once. */
export function removeMatching(items: readonly FeedItem[], target: HideTarget): { items: FeedItem[]; removed: Removed[] } {
  const kept: FeedItem[] = [];
  const removed: Removed[] = [];
  items.forEach((item, index) => (matches(item, target) ? removed.push({ index, item }) : kept.push(item)));
  return { items: kept, removed };
}

/** Puts removed items back where they were (an undo); items that came back some other way are not doubled. */
export function restoreRemoved(items: readonly FeedItem[], removed: readonly Removed[]): FeedItem[] {
  const result = [...items];
  const present = new Set(items.map((item) => item.post.id));
  for (const { index, item } of [...removed].sort((a, b) => a.index - b.index)) {
    if (present.has(item.post.id)) continue;
    result.splice(Math.min(index, result.length), 0, item);
    present.add(item.post.id);
  }
  return result;
}

/** A like, an edit or a delete made on another screen, applied to the feed's items. */
export function applyUpdateToItems(items: readonly FeedItem[], update: PostUpdate): FeedItem[] {
  const posts = applyPostUpdate(
    items.map((item) => item.post),
    update,
  );
  const byId = new Map(posts.map((post) => [post.id, post]));
  return items.flatMap((item) => {
    const post = byId.get(item.post.id);
    if (!post) return [];
    return post === item.post ? [item] : [{ ...item, post }];
  });
}

/**
 * Which item should fill the screen after the list changed under it: the
 * same one where it now stands, or (when it was taken out) the first one that
 * came after it, so the viewer sees the next item, as after a swipe; past
 * the last item is the end of the feed (`after.length`), where more loads.
 */
export function followActive(before: readonly FeedItem[], after: readonly FeedItem[], activeId: string | undefined): number {
  if (activeId === undefined) return 0;
  const now = after.findIndex((item) => item.post.id === activeId);
  if (now >= 0) return now;
  const was = before.findIndex((item) => item.post.id === activeId);
  const stillThere = new Map(after.map((item, index) => [item.post.id, index]));
  for (let index = Math.max(was, 0) + 1; index < before.length; index += 1) {
    const found = stillThere.get(before[index]!.post.id);
    if (found !== undefined) return found;
  }
  return after.length;
}
