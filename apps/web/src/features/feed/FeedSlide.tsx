import type { FeedItem, Post } from '@souk/contracts';
import { useState, type ReactNode } from 'react';
import { href } from '../../app/paths.js';
import { useSession } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { Avatar } from '../../ui/Avatar.js';
import { CommentIcon, HeartIcon, MoreIcon, PlusIcon, RepostIcon, ShareIcon, SparkleIcon, StarIcon } from '../../ui/icons.js';
import { PostProductChip } from '../shop/PostProducts.js';
import { ImageCarousel } from '../social/ImageCarousel.js';
import { tintOf } from '../social/PostCard.js';
import { withBookmarked } from '../social/post-state.js';
import { PostText } from '../social/PostText.js';
import { bookmark, setRelationship, unbookmark } from '../social/social.api.js';
import { useLike } from '../social/use-like.js';
import { shownPost } from './feed-items.js';
import { useFeedSignals } from './FeedSignalsProvider.js';
import { FeedVideo } from './FeedVideo.js';
import { reasonWords } from './reason-text.js';
import { useAuthorRelationship } from './use-author-relationship.js';
import { useLongPress } from './use-long-press.js';

export type FeedSheet = 'menu' | 'why' | 'comments';

interface FeedSlideProps {
  item: FeedItem;
  /** Fills the screen now. */
  active: boolean;
  /** Close enough to the one in view to be drawn (the rest are empty frames of the same height). */
  near: boolean;
  /** Right after the one in view: its video starts loading. */
  next: boolean;
  onChange: (post: Post) => void;
  onOpen: (sheet: FeedSheet, item: FeedItem) => void;
}

/** One screen of the swipe feed: the media, the caption and the action rail. */
export function FeedSlide({ item, active, near, next, onChange, onOpen }: FeedSlideProps) {
  const { t } = useI18n();
  const shown = shownPost(item.post);
  const longPress = useLongPress(() => onOpen('menu', item));

  return (
    <article
      className={shown.media.length === 0 ? 'feed-slide feed-slide--text' : 'feed-slide'}
      aria-label={t('feed.itemLabel', { name: shown.author.displayName })}
      aria-current={active || undefined}
      data-testid="feed-item"
      data-post-id={item.post.id}
      data-author={shown.author.handle}
      {...longPress}
    >
      {near && (
        <>
          <SlideMedia item={item} active={active} next={next} />
          <Caption item={item} onOpen={onOpen} />
          <Rail item={item} active={active} onChange={onChange} onOpen={onOpen} />
        </>
      )}
    </article>
  );
}

function SlideMedia({ item, active, next }: { item: FeedItem; active: boolean; next: boolean }) {
  const shown = shownPost(item.post);
  const video = shown.media.find((asset) => asset.kind === 'video');
  const images = shown.media.filter((asset) => asset.kind === 'image');
  if (video) return <FeedVideo postId={item.post.id} video={video} active={active} preload={next} />;
  if (images.length > 0) {
    return (
      <div className="feed-slide__images">
        <ImageCarousel images={images} fill />
      </div>
    );
  }
  // A note of words only: the words are the picture.
  return (
    <div className="feed-slide__text">
      <div className="feed-text-card" style={{ background: tintOf(shown.id) }} data-testid="feed-text-card">
        {shown.title && <h2 className="feed-text-card__title">{shown.title}</h2>}
        {shown.body && <PostText text={shown.body} hashtags={shown.hashtags} mentions={shown.mentions} className="feed-text-card__body" />}
      </div>
    </div>
  );
}

function Caption({ item, onOpen }: { item: FeedItem; onOpen: (sheet: FeedSheet, item: FeedItem) => void }) {
  const { t, tn } = useI18n();
  const { record } = useFeedSignals();
  const [open, setOpen] = useState(false);
  const { post } = item;
  const shown = shownPost(post);
  const textOnly = shown.media.length === 0;
  const reason = item.reasons[0];

  return (
    <div className={open ? 'feed-caption feed-caption--open' : 'feed-caption'}>
      {reason && (
        <button type="button" className="feed-reason" onClick={() => onOpen('why', item)} data-testid="feed-reason">
          <SparkleIcon size={14} />
          <span>{reasonWords(reason, t, tn).text}</span>
        </button>
      )}
      <PostProductChip postId={shown.id} />
      {post.kind === 'repost' && (
        <p className="feed-caption__repost">
          <RepostIcon size={14} /> {t('feed.repostedBy', { name: post.author.displayName })}
        </p>
      )}
      <a className="feed-caption__author" href={href.profile(shown.author.handle)} onClick={() => record(post.id, 'profile_visit')} data-testid="feed-author">
        @{shown.author.displayName}
      </a>
      {!textOnly && (shown.title || shown.body) && (
        <div className="feed-caption__text">
          {shown.title && <h2 className="feed-caption__title">{shown.title}</h2>}
          {shown.body && <PostText text={shown.body} hashtags={shown.hashtags} mentions={shown.mentions} className="feed-caption__body" />}
          {[...shown.body].length > 60 && (
            <button type="button" className="feed-caption__toggle" onClick={() => setOpen((value) => !value)} aria-expanded={open}>
              {open ? t('feed.lessText') : t('feed.moreText')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

interface RailProps {
  item: FeedItem;
  active: boolean;
  onChange: (post: Post) => void;
  onOpen: (sheet: FeedSheet, item: FeedItem) => void;
}

/** Author (with follow), like, comments, save, share and more, down the right edge as thumbs reach them. */
function Rail({ item, active, onChange, onOpen }: RailProps) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const asMember = useMemberAction();
  const { record } = useFeedSignals();
  const { post } = item;
  // No like signal from here: the server learns a like from the like itself
  // (social.like.created), once it has happened, with what it undoes.
  const like = useLike(post, onChange);
  const liked = post.viewer?.liked ?? false;
  const saved = post.viewer?.bookmarked ?? false;
  const count = (value: number) => (value > 0 ? compactCount(value, locale) : undefined);


  const toggleSave = () =>
    asMember(() => {
      if (!post.viewer) return;
      const next = !saved;
      onChange(withBookmarked(post, next));
      (next ? bookmark(post.id, { collectionId: null }) : unbookmark(post.id)).then(
        (updated) => {
          onChange(updated);
          if (next) record(post.id, 'bookmark');
          toast(next ? t('bookmark.saved') : t('feed.unsaved'));
        },
        (caught: unknown) => {
          onChange(post);
          toast(errorMessage(caught, t), 'error');
        },
      );
    });

  const share = async () => {
    const shown = shownPost(post);
    const url = new URL(href.post(shown.id), window.location.origin).toString();
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: shown.title ?? shown.author.displayName, url });
        record(post.id, 'share');
        return;
      } catch (caught) {
        if (caught instanceof DOMException && caught.name === 'AbortError') return; // the viewer closed the share sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      record(post.id, 'share');
      toast(t('post.linkCopied'));
    } catch {
      toast(t('feed.shareFailed'), 'error');
    }
  };

  return (
    <div className="feed-rail">
      <AuthorButton item={item} active={active} />
      <RailButton icon={<HeartIcon size={30} filled={liked} />} label={t('post.like')} value={count(post.stats.likes)} pressed={liked} tone="liked" onClick={like} testId="feed-like" />
      <RailButton icon={<CommentIcon size={30} />} label={t('post.comment')} value={count(post.stats.comments)} onClick={() => onOpen('comments', item)} testId="feed-comment" />
      <RailButton icon={<StarIcon size={30} filled={saved} />} label={t('post.bookmark')} value={count(post.stats.bookmarks)} pressed={saved} tone="saved" onClick={toggleSave} testId="feed-bookmark" />
      <RailButton icon={<ShareIcon size={28} />} label={t('feed.share')} value={t('feed.share')} onClick={share} testId="feed-share" />
      <RailButton icon={<MoreIcon size={28} />} label={t('feed.more')} onClick={() => onOpen('menu', item)} testId="feed-more" />
    </div>
  );
}

interface RailButtonProps {
  icon: ReactNode;
  /** What the button does, for screen readers. */
  label: string;
  /** Shown under the icon: a count, or a word. */
  value?: string | undefined;
  pressed?: boolean;
  tone?: 'liked' | 'saved';
  onClick: () => void;
  testId: string;
}

function RailButton({ icon, label, value, pressed, tone, onClick, testId }: RailButtonProps) {
  return (
    <button
      type="button"
      className={pressed && tone ? `feed-rail__button feed-rail__button--${tone}` : 'feed-rail__button'}
      onClick={onClick}
      aria-pressed={pressed}
      aria-label={value === undefined || value === label ? label : `${label} (${value})`}
      data-testid={testId}
    >
      {icon}
      {value !== undefined && <span className="feed-rail__value">{value}</span>}
    </button>
  );
}

/** The author's photo, leading to their profile, with a "+" to follow them while the viewer does not. */
function AuthorButton({ item, active }: { item: FeedItem; active: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const asMember = useMemberAction();
  const { status, me } = useSession();
  const { record } = useFeedSignals();
  const { author } = shownPost(item.post);
  const mine = me?.id === author.id;
  const assumeFollowing = item.reasons.some((reason) => reason.kind === 'following' && reason.handle === author.handle);
  const relationship = useAuthorRelationship(me?.id, author, active && status === 'authenticated' && !mine, assumeFollowing);
  const [busy, setBusy] = useState(false);
  // Signed-out visitors get the "+" too: it leads them to log in.
  const offerFollow = !mine && (status === 'anonymous' || (relationship.known && !relationship.following));

  const follow = () =>
    asMember(async () => {
      setBusy(true);
      try {
        relationship.set(await setRelationship(author.id, 'follow', true));
        record(item.post.id, 'follow');
      } catch (caught) {
        toast(errorMessage(caught, t), 'error');
      } finally {
        setBusy(false);
      }
    });

  return (
    <div className="feed-rail__author">
      <a href={href.profile(author.handle)} onClick={() => record(item.post.id, 'profile_visit')} aria-label={t('feed.openProfile', { name: author.displayName })}>
        <Avatar url={author.avatarUrl} name={author.displayName} alt="" size={46} />
      </a>
      {offerFollow && (
        <button type="button" className="feed-rail__follow" onClick={follow} disabled={busy} aria-label={t('feed.follow', { name: author.displayName })} data-testid="feed-follow">
          <PlusIcon size={14} strokeWidth={3} />
        </button>
      )}
    </div>
  );
}
