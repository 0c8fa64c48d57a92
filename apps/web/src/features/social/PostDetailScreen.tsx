import type { Comment, CommentReply, Post, Relationship } from '@souk/contracts';
import { useEffect, useRef, useState } from 'react';
import { href } from '../../app/paths.js';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { useRouter } from '../../app/router.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { compactCount } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { ConfirmSheet } from '../../ui/ConfirmSheet.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { CommentIcon, LinkIcon, MoreIcon, PencilIcon, RepostIcon, StarIcon, TrashIcon } from '../../ui/icons.js';
import { Sheet, SheetAction } from '../../ui/Sheet.js';
import { PostProductsSection } from '../shop/PostProducts.js';
import { BookmarkSheet } from './BookmarkSheet.js';
import { CommentInput, type ReplyTarget } from './CommentInput.js';
import { insertComment, removeComment } from './comment-state.js';
import { Comments } from './Comments.js';
import { EmbeddedPostView } from './EmbeddedPostView.js';
import { FollowButton } from './FollowButton.js';
import { ImageCarousel } from './ImageCarousel.js';
import { LikeButton } from './LikeButton.js';
import { withBookmarked } from './post-state.js';
import { publishPostUpdate } from './post-updates.js';
import { PostHeader } from './PostHeader.js';
import { PostText } from './PostText.js';
import { RepostSheet } from './RepostSheet.js';
import { deleteComment, deletePost, fetchComments, fetchProfile, unbookmark } from './social.api.js';
import { PostItemSkeleton } from './PostFeed.js';
import { usePost } from './use-post.js';
import { VideoPlayer } from './VideoPlayer.js';

const LIVE_KINDS = new Set(['social.post_liked', 'social.commented', 'social.replied']);
const commentId = (comment: Comment) => comment.id;

export function PostDetailScreen({ params }: ScreenProps) {
  const id = params.id ?? '';
  const { t } = useI18n();
  const toast = useToast();
  const { back } = useRouter();
  const { me } = useSession();
  const { post, setPost, error, refresh } = usePost(id);
  const comments = usePagedList<Comment>((cursor, signal) => fetchComments(id, cursor, signal), `comments:${id}`, commentId);
  const [replyTo, setReplyTo] = useState<ReplyTarget>();
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmPost, setConfirmPost] = useState(false);
  const [confirmComment, setConfirmComment] = useState<CommentReply>();
  const [deleting, setDeleting] = useState(false);
  const mine = post !== undefined && me?.id === post.author.id;

  // Lists showing this post (kept for the back button, or on screen) follow its likes, counts and edits.
  useEffect(() => {
    if (post) publishPostUpdate({ type: 'changed', post });
  }, [post]);

  // The author hears of new likes and comments on their post as notifications: show them at once.
  useRealtimeMessage((message) => {
    if (message.type !== 'event' || message.event.type !== 'notification.created') return;
    const { notification } = message.event;
    if (!LIVE_KINDS.has(notification.kind) || !('postId' in notification.data) || notification.data.postId !== id) return;
    refresh();
    if (notification.kind !== 'social.post_liked') comments.reload();
  });

  // Arriving from a "comments" link: scroll there once they are on screen.
  const scrolled = useRef(false);
  useEffect(() => {
    if (scrolled.current || !post || !comments.items || window.location.hash !== '#comments') return;
    scrolled.current = true;
    document.getElementById('comments')?.scrollIntoView();
  }, [post, comments.items]);

  const changeCount = (delta: number) =>
    setPost((current) => current && { ...current, stats: { ...current.stats, comments: Math.max(0, current.stats.comments + delta) } });

  const posted = (comment: Comment) => {
    comments.setItems((items) => insertComment(items, comment));
    changeCount(1);
    setReplyTo(undefined);
  };

  const removeCommentNow = async () => {
    if (!confirmComment) return;
    setDeleting(true);
    try {
      await deleteComment(confirmComment.id);
      const result = removeComment(comments.items ?? [], confirmComment.id);
      comments.setItems(() => result.comments);
      changeCount(-Math.max(result.removed, 1));
      setConfirmComment(undefined);
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setDeleting(false);
    }
  };

  const removePost = async () => {
    setDeleting(true);
    try {
      await deletePost(id);
      publishPostUpdate({ type: 'deleted', id });
      toast(t('post.deleted'));
      back('/');
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
      setDeleting(false);
    }
  };

  const share = async () => {
    try {
      await navigator.clipboard.writeText(new URL(href.post(id), window.location.origin).toString());
      toast(t('post.linkCopied'));
    } catch {
      toast(t('post.copyFailed'), 'error');
    }
  };

  const actions = (
    <>
      <button type="button" className="icon-button" onClick={share} aria-label={t('post.share')} data-testid="share-button">
        <LinkIcon size={22} />
      </button>
      {mine && (
        <button type="button" className="icon-button" onClick={() => setMenuOpen(true)} aria-label={t('post.more')} data-testid="post-menu-button">
          <MoreIcon />
        </button>
      )}
    </>
  );

  return (
    <Screen title={t('post.title')} back="/" actions={actions} testId="post-screen">
      {error !== undefined ? (
        error instanceof ApiError && error.status === 404 ? (
          <EmptyState icon={<CommentIcon size={40} />} title={t('post.notFoundTitle')} body={t('post.notFoundBody')} testId="post-not-found" />
        ) : (
          <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={refresh} />
        )
      ) : !post ? (
        <PostSkeleton label={t('app.loading')} />
      ) : (
        <>
          <PostBody post={post} />
          <Comments
            list={comments}
            total={post.stats.comments}
            postAuthorId={post.author.id}
            onReply={(target) => setReplyTo(target)}
            onDelete={setConfirmComment}
          />
          <PostActionBar post={post} onChange={setPost} replyTo={replyTo} onCancelReply={() => setReplyTo(undefined)} onPosted={posted} />
        </>
      )}

      <Sheet open={menuOpen} onClose={() => setMenuOpen(false)} title={t('post.more')} testId="post-menu">
        <div className="sheet__list">
          <a className="sheet-action" href={`/p/${encodeURIComponent(id)}/edit`} data-testid="edit-post">
            <span className="sheet-action__icon">
              <PencilIcon />
            </span>
            <span className="sheet-action__label">{t('post.edit')}</span>
          </a>
          <SheetAction
            icon={<TrashIcon />}
            label={t('post.delete')}
            tone="danger"
            onClick={() => {
              setMenuOpen(false);
              setConfirmPost(true);
            }}
            testId="delete-post"
          />
        </div>
      </Sheet>
      <ConfirmSheet
        open={confirmPost}
        title={t('post.deleteTitle')}
        body={t('post.deleteBody')}
        confirmLabel={t('post.delete')}
        cancelLabel={t('common.cancel')}
        busy={deleting}
        onConfirm={removePost}
        onClose={() => setConfirmPost(false)}
      />
      <ConfirmSheet
        open={confirmComment !== undefined}
        title={t('comments.deleteTitle')}
        body={t('comments.deleteBody')}
        confirmLabel={t('comments.delete')}
        cancelLabel={t('common.cancel')}
        busy={deleting}
        onConfirm={removeCommentNow}
        onClose={() => setConfirmComment(undefined)}
      />
    </Screen>
  );
}

/** Media, author (with follow), title, text, the reposted original and dates. */
function PostBody({ post }: { post: Post }) {
  const { t, tn, locale } = useI18n();
  const { me } = useSession();
  const [relationship, setRelationship] = useState<Relationship | null>(null);
  const other = me !== null && me.id !== post.author.id;
  const video = post.media.find((asset) => asset.kind === 'video');
  const images = post.media.filter((asset) => asset.kind === 'image');

  // Whether the viewer follows the author is on the profile, not on the post.
  useEffect(() => {
    if (!other) return;
    const controller = new AbortController();
    fetchProfile(post.author.handle, controller.signal).then(
      (profile) => setRelationship(profile.relationship),
      () => {}, // without it, the button offers "Follow", which the server answers correctly anyway
    );
    return () => controller.abort();
  }, [other, post.author.handle]);

  return (
    <article className="post-detail" data-testid="post-detail">
      {video ? <VideoPlayer video={video} /> : images.length > 0 && <ImageCarousel images={images} />}
      <div className="post-detail__content card">
        <PostHeader
          post={post}
          trailing={other && <FollowButton userId={post.author.id} relationship={relationship} onChange={setRelationship} />}
        />
        {post.title && (
          <h2 className="post-detail__title" data-testid="post-title">
            {post.title}
          </h2>
        )}
        {post.body && <PostText text={post.body} hashtags={post.hashtags} mentions={post.mentions} className="post-detail__body" testId="post-body" />}
        {post.kind === 'repost' && <EmbeddedPostView post={post.repostOf} />}
        <p className="post-detail__date">
          {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(post.createdAt))}
          {post.editedAt && ` · ${t('post.edited')}`}
        </p>
        {(post.stats.reposts > 0 || post.stats.bookmarks > 0) && (
          <p className="post-detail__stats">
            {post.stats.reposts > 0 && <span>{tn('post.repostCount', post.stats.reposts, compactCount(post.stats.reposts, locale))}</span>}
            {post.stats.bookmarks > 0 && <span>{tn('post.bookmarkCount', post.stats.bookmarks, compactCount(post.stats.bookmarks, locale))}</span>}
          </p>
        )}
      </div>
      <PostProductsSection postId={post.id} />
    </article>
  );
}

interface ActionBarProps {
  post: Post;
  onChange: (post: Post) => void;
  replyTo: ReplyTarget | undefined;
  onCancelReply: () => void;
  onPosted: (comment: Comment) => void;
}

/** The bar pinned to the bottom: write a comment, like, save, repost. */
function PostActionBar({ post, onChange, replyTo, onCancelReply, onPosted }: ActionBarProps) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const { status } = useSession();
  const asMember = useMemberAction();
  const [saving, setSaving] = useState(false);
  const [reposting, setReposting] = useState(false);
  const bookmarked = post.viewer?.bookmarked ?? false;
  const target = post.kind === 'repost' && post.repostOf ? post.repostOf : post;

  const toggleBookmark = () =>
    asMember(() => {
      if (!bookmarked) return setSaving(true);
      onChange(withBookmarked(post, false));
      unbookmark(post.id).then(onChange, (caught: unknown) => {
        onChange(post);
        toast(errorMessage(caught, t), 'error');
      });
    });

  return (
    <div className="action-bar" data-testid="action-bar">
      {status === 'authenticated' ? (
        <CommentInput postId={post.id} replyTo={replyTo} onCancelReply={onCancelReply} onPosted={onPosted} />
      ) : (
        <a className="action-bar__login" href={`/login?next=${encodeURIComponent(href.post(post.id))}`}>
          {t('comments.logInToComment')}
        </a>
      )}
      <div className="action-bar__buttons">
        <LikeButton post={post} onChange={onChange} size={22} showZero />
        <button type="button" className={bookmarked ? 'action action--saved' : 'action'} onClick={toggleBookmark} aria-pressed={bookmarked} data-testid="bookmark-button">
          <span className="visually-hidden">{t('post.bookmark')}</span>
          <StarIcon size={22} filled={bookmarked} />
          <span>{compactCount(post.stats.bookmarks, locale)}</span>
        </button>
        <button
          type="button"
          className="action"
          onClick={() => asMember(() => setReposting(true))}
          disabled={target.visibility !== 'public'}
          data-testid="repost-button"
        >
          <span className="visually-hidden">{t('post.repost')}</span>
          <RepostIcon size={22} />
          <span>{compactCount(post.stats.reposts, locale)}</span>
        </button>
      </div>
      <BookmarkSheet post={post} open={saving} onClose={() => setSaving(false)} onChange={onChange} />
      <RepostSheet
        target={target}
        open={reposting}
        onClose={() => setReposting(false)}
        onReposted={(repost) => repost.repostOf?.id === post.id && onChange({ ...post, stats: repost.repostOf.stats })}
      />
    </div>
  );
}

function PostSkeleton({ label }: { label: string }) {
  return (
    <div className="post-detail" role="status" aria-label={label}>
      <div className="skeleton post-detail__media-skeleton" />
      <PostItemSkeleton className="card post-item--skeleton" />
    </div>
  );
}
