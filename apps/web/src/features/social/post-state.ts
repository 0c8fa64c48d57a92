import type { Post } from '@souk/contracts';

/**
 * What the screen shows the instant the viewer taps like or bookmark, before
 * the server answers (its answer then replaces it; a failure restores the
 * post as it was).
 */
export function withLiked(post: Post, liked: boolean): Post {
  if (!post.viewer || post.viewer.liked === liked) return post;
  const likes = Math.max(0, post.stats.likes + (liked ? 1 : -1));
  return { ...post, viewer: { ...post.viewer, liked }, stats: { ...post.stats, likes } };
}

export function withBookmarked(post: Post, bookmarked: boolean): Post {
  if (!post.viewer || post.viewer.bookmarked === bookmarked) return post;
  const bookmarks = Math.max(0, post.stats.bookmarks + (bookmarked ? 1 : -1));
  return { ...post, viewer: { ...post.viewer, bookmarked }, stats: { ...post.stats, bookmarks } };
}

/** Replaces a post in a list by id (also where it is embedded in a repost). */
export function replacePost(items: Post[], updated: Post): Post[] {
  return items.map((item) => {
    if (item.id === updated.id) return updated;
    if (item.repostOf?.id === updated.id) {
      const { repostOf: _nested, repostOfId: _nestedId, ...embedded } = updated;
      return { ...item, repostOf: embedded };
    }
    return item;
  });
}

/** The image a card shows: the first image, or the poster frame of a video; undefined for text only. */
export function coverOf(post: Post): { url: string; width: number; height: number; video: boolean } | undefined {
  const source = post.media.length > 0 ? post : post.repostOf;
  const first = source?.media[0];
  if (!first) return undefined;
  return { url: first.thumbUrl, width: first.width, height: first.height, video: first.kind === 'video' };
}

/** The line a card shows: the title, else the start of the text. */
export function headlineOf(post: Post): string {
  const source = post.title || post.body ? post : (post.repostOf ?? post);
  return source.title ?? source.body;
}
