import type { FeedReason } from '@souk/contracts';
import { href } from '../../app/paths.js';
import type { Translate, TranslatePlural } from '../../i18n/translate.js';
import { hashtagKey, hashtagText } from '../../lib/rich-text.js';

export interface ReasonWords {
  text: string;
  /** What the reason points at, when it names something: the post, the topic, the person. */
  link?: string;
}

/** Titles quoted in a reason are cut to this many characters, so the sentence stays one line on a phone. */
const TITLE_MAX = 32;

function quoteTitle(title: string): string {
  const characters = [...title.trim()];
  return characters.length > TITLE_MAX ? `${characters.slice(0, TITLE_MAX - 1).join('').trimEnd()}…` : characters.join('');
}

/**
 * Why an item was shown, in a sentence of the reader's language (EU DSA
 * article 27: the main parameters, in words a user understands).
 */
export function reasonWords(reason: FeedReason, t: Translate, tn: TranslatePlural): ReasonWords {
  switch (reason.kind) {
    case 'similar_to': {
      const title = quoteTitle(reason.title);
      return {
        text: title ? t('feed.reason.similarTo', { title }) : t('feed.reason.similarToUntitled'),
        link: href.post(reason.postId),
      };
    }
    case 'interest':
      return reason.topic
        ? { text: t('feed.reason.interestIn', { topic: hashtagText(reason.topic) }), link: href.hashtag(hashtagKey(reason.topic)) }
        : { text: t('feed.reason.interest') };
    case 'following':
      return { text: t('feed.reason.following', { handle: reason.handle }), link: href.profile(reason.handle) };
    case 'friends_liked': {
      // `count` is how many of the viewer's friends liked it, @handle among them.
      const others = reason.count - 1;
      return {
        text: others > 0 ? tn('feed.reason.friendsLiked', others, undefined, { handle: reason.handle }) : t('feed.reason.friendLiked', { handle: reason.handle }),
        link: href.profile(reason.handle),
      };
    }
    case 'popular_in':
      return { text: t('feed.reason.popularIn', { topic: hashtagText(reason.topic) }), link: href.hashtag(hashtagKey(reason.topic)) };
    case 'trending':
      return { text: t('feed.reason.trending') };
    case 'new_creator':
      return { text: t('feed.reason.newCreator', { handle: reason.handle }), link: href.profile(reason.handle) };
    case 'fresh':
      return { text: t('feed.reason.fresh') };
    case 'latest':
      return { text: t('feed.reason.latest') };
    case 'popular':
      return { text: t('feed.reason.popular') };
  }
}
