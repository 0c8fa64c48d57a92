import type { FeedReason, Post } from '@souk/contracts';
import type { EngineReason } from './engine/types.js';

const TITLE_WORDS = 8;
/** Scripts written without spaces are cut by characters instead. */
const TITLE_CHARACTERS = 20;
const MAX_REASONS = 3;

/** How a post is named in a reason or a list: its title, or the first words of its body. */
export function postTitle(post: { title: string | null; body: string }): string {
  if (post.title) return post.title;
  const text = post.body.replace(/\s+/gu, ' ').trim();
  const words = text.split(' ');
  if (words.length > 1) return words.length > TITLE_WORDS ? `${words.slice(0, TITLE_WORDS).join(' ')}…` : text;
  const characters = [...text];
  return characters.length > TITLE_CHARACTERS ? `${characters.slice(0, TITLE_CHARACTERS).join('')}…` : text;
}

/** What the reasons of a page refer to, resolved for the viewer: posts they may see, people not blocked either way, topic names. */
export interface ReasonContext {
  titles: Map<string, string>;
  handles: Map<string, string>;
  topicNames: Map<string, string>;
}

/** The ids and topics the engine's reasons mention, to resolve in batch. */
export function reasonReferences(reasons: readonly EngineReason[]): { postIds: string[]; userIds: string[]; topics: string[] } {
  const postIds = new Set<string>();
  const userIds = new Set<string>();
  const topics = new Set<string>();
  for (const reason of reasons) {
    if (reason.kind === 'similar_to') postIds.add(reason.itemId);
    else if (reason.kind === 'following' || reason.kind === 'new_creator') userIds.add(reason.authorId);
    else if (reason.kind === 'friends_liked') userIds.add(reason.userId);
    else if ((reason.kind === 'interest' && reason.topic !== null) || reason.kind === 'popular_in') topics.add(reason.topic!);
  }
  return { postIds: [...postIds], userIds: [...userIds], topics: [...topics] };
}

/**
 * The engine's reasons in the API's words. A reason that names a post the
 * viewer may not see or a person hidden from them is dropped: a reason must
 * not reveal what the page itself would not.
 */
export function presentReasons(post: Post, reasons: readonly EngineReason[], context: ReasonContext): FeedReason[] {
  const handleOf = (userId: string) => (userId === post.author.id ? post.author.handle : context.handles.get(userId));
  const topicName = (topic: string) => context.topicNames.get(topic) ?? topic;
  const out: FeedReason[] = [];
  for (const reason of reasons) {
    const presented = presentReason(reason, handleOf, topicName, context.titles);
    if (presented && !out.some((other) => JSON.stringify(other) === JSON.stringify(presented))) out.push(presented);
  }
  // The engine always gives a reason; if none survives, the honest remainder is "your interests".
  return out.length > 0 ? out.slice(0, MAX_REASONS) : [{ kind: 'interest', topic: null }];
}

function presentReason(
  reason: EngineReason,
  handleOf: (userId: string) => string | undefined,
  topicName: (topic: string) => string,
  titles: Map<string, string>,
): FeedReason | null {
  switch (reason.kind) {
    case 'similar_to': {
      const title = titles.get(reason.itemId);
      return title === undefined ? null : { kind: 'similar_to', postId: reason.itemId, title };
    }
    case 'interest':
      return { kind: 'interest', topic: reason.topic === null ? null : topicName(reason.topic) };
    case 'following':
    case 'new_creator': {
      const handle = handleOf(reason.authorId);
      return handle === undefined ? null : { kind: reason.kind, handle };
    }
    case 'friends_liked': {
      const handle = handleOf(reason.userId);
      return handle === undefined ? null : { kind: 'friends_liked', handle, count: Math.max(1, reason.count) };
    }
    case 'popular_in':
      return { kind: 'popular_in', topic: topicName(reason.topic) };
    case 'trending':
    case 'fresh':
      return { kind: reason.kind };
  }
}
