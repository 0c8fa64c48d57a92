import type { Post } from '@souk/contracts';
import { replacePost } from './post-state.js';

/**
 * Changes to posts made on one screen (a like on the post page, an edit, a
 * delete) reach every list that shows the same post: the lists on screen at
 * once, and lists kept for the back button when they are shown again.
 */
export type PostUpdate = { type: 'changed'; post: Post } | { type: 'deleted'; id: string };

const KEEP = 200;
const log: { at: number; update: PostUpdate }[] = [];
const listeners = new Set<(update: PostUpdate) => void>();

export function publishPostUpdate(update: PostUpdate): void {
  log.push({ at: Date.now(), update });
  if (log.length > KEEP) log.shift();
  listeners.forEach((listener) => listener(update));
}

export function subscribePostUpdates(listener: (update: PostUpdate) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Updates published after `at` (a list kept since then has not seen them). */
export function postUpdatesSince(at: number): PostUpdate[] {
  return log.filter((entry) => entry.at > at).map((entry) => entry.update);
}

/** Applies an update to a list: a changed post is replaced (also inside reposts), a deleted one removed. */
export function applyPostUpdate(items: Post[], update: PostUpdate): Post[] {
  if (update.type === 'changed') return items.some((item) => item.id === update.post.id || item.repostOf?.id === update.post.id) ? replacePost(items, update.post) : items;
  if (!items.some((item) => item.id === update.id || item.repostOf?.id === update.id)) return items;
  return items.filter((item) => item.id !== update.id).map((item) => (item.repostOf?.id === update.id ? { ...item, repostOf: null } : item));
}
