import type { Comment, CommentPage, Post, UserListItem, UserPage } from '@souk/contracts';
import { useEffect, useRef, useState } from 'react';
import { href } from '../../app/paths.js';
import { useSession } from '../../app/SessionProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useInView } from '../../lib/use-in-view.js';
import { Avatar } from '../../ui/Avatar.js';
import { CommentIcon, HeartIcon } from '../../ui/icons.js';
import { CommentInput, type ReplyTarget } from './CommentInput.js';
import { EmbeddedPostView } from './EmbeddedPostView.js';
import { LikeButton } from './LikeButton.js';
import { MediaGrid } from './MediaGrid.js';
import { PostTime } from './PostHeader.js';
import { PostText } from './PostText.js';
import { fetchComments, fetchLikes } from './social.api.js';
import { VisibilityBadge } from './visibility.js';

interface Extras {
  likers: UserListItem[];
  comments: Comment[];
}

/**
 * A post in Moments (WeChat style). The likes and comments under it are the
 * ones the server lets this viewer see: on a friends-only post, only those
 * of the viewer's own friends. They load when the post comes into view.
 */
export function MomentItem({ post, onChange }: { post: Post; onChange: (post: Post) => void }) {
  const { t, tn } = useI18n();
  const { me } = useSession();
  const element = useRef<HTMLElement>(null);
  const visible = useInView(element);
  const [extras, setExtras] = useState<Extras>({ likers: [], comments: [] });
  const [commenting, setCommenting] = useState(false);
  const [replyTo, setReplyTo] = useState<ReplyTarget>();
  const hasLikes = post.stats.likes > 0;
  const hasComments = post.stats.comments > 0;

  useEffect(() => {
    if (!visible || (!hasLikes && !hasComments)) return;
    const controller = new AbortController();
    const noLikes: UserPage = { items: [], nextCursor: null };
    const noComments: CommentPage = { items: [], nextCursor: null };
    Promise.all([
      hasLikes ? fetchLikes(post.id, undefined, controller.signal) : noLikes,
      hasComments ? fetchComments(post.id, undefined, controller.signal) : noComments,
    ]).then(
      ([likes, comments]) => setExtras({ likers: likes.items, comments: comments.items }),
      () => {}, // the counts stay; the names are a bonus
    );
    return () => controller.abort();
    // Loaded once when the post comes into view; the viewer's own changes are then applied locally.
  }, [visible, post.id]);

  const changeLike = (updated: Post) => {
    onChange(updated);
    if (!me || updated.viewer?.liked === post.viewer?.liked) return;
    setExtras((current) => ({
      ...current,
      likers: updated.viewer?.liked
        ? [...current.likers.filter((item) => item.user.id !== me.id), { user: me, relationship: null }]
        : current.likers.filter((item) => item.user.id !== me.id),
    }));
  };

  const posted = (comment: Comment) => {
    setExtras((current) => ({
      ...current,
      comments: comment.parentId
        ? current.comments.map((top) =>
            top.id === comment.parentId ? { ...top, replyCount: top.replyCount + 1, replies: [...top.replies, comment] } : top,
          )
        : [...current.comments, comment],
    }));
    onChange({ ...post, stats: { ...post.stats, comments: post.stats.comments + 1 } });
    setReplyTo(undefined);
    setCommenting(false);
  };

  const reply = (comment: { id: string; parentId: string | null; author: { handle: string } }) => {
    setReplyTo({ commentId: comment.id, handle: comment.author.handle });
    setCommenting(true);
  };

  const lines = extras.comments.flatMap((top) => [top, ...top.replies]);
  return (
    <article ref={element} className="moment" data-testid="moment-item">
      <a href={href.profile(post.author.handle)} className="moment__avatar">
        <Avatar url={post.author.avatarUrl} name={post.author.displayName} alt={t('avatar.alt', { name: post.author.displayName })} size={42} />
      </a>
      <div className="moment__main">
        <a className="moment__name" href={href.profile(post.author.handle)}>
          {post.author.displayName}
        </a>
        {post.title && <p className="moment__title">{post.title}</p>}
        {post.body && <PostText text={post.body} hashtags={post.hashtags} mentions={post.mentions} className="moment__body" />}
        <MediaGrid media={post.media} postHref={href.post(post.id)} />
        {post.kind === 'repost' && <EmbeddedPostView post={post.repostOf} />}
        <div className="moment__meta">
          <a href={href.post(post.id)}>
            <PostTime iso={post.createdAt} />
          </a>
          <VisibilityBadge visibility={post.visibility} />
          <span className="moment__actions">
            <LikeButton post={post} onChange={changeLike} size={17} />
            <button type="button" className="action" onClick={() => (setCommenting((open) => !open), setReplyTo(undefined))} data-testid="moment-comment">
              <CommentIcon size={17} />
              <span className="visually-hidden">{t('post.comment')}</span>
            </button>
          </span>
        </div>
        {(extras.likers.length > 0 || lines.length > 0) && (
          <div className="moment__extras" data-testid="moment-extras">
            {extras.likers.length > 0 && (
              <p className="moment__likers">
                <HeartIcon size={14} />
                {extras.likers.map((item, index) => (
                  <span key={item.user.id}>
                    {index > 0 && ', '}
                    <a href={href.profile(item.user.handle)}>{item.user.displayName}</a>
                  </span>
                ))}
              </p>
            )}
            {lines.length > 0 && (
              <ul className="moment__comments">
                {lines.map((comment) => (
                  <li key={comment.id}>
                    <a href={href.profile(comment.author.handle)}>{comment.author.displayName}</a>
                    {comment.replyTo && comment.parentId && (
                      <>
                        {` ${t('comments.replied')} `}
                        <a href={href.profile(comment.replyTo.handle)}>{comment.replyTo.displayName}</a>
                      </>
                    )}
                    {': '}
                    <button type="button" className="moment__comment-text" onClick={() => reply(comment)}>
                      {comment.body}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {post.stats.comments > lines.length && (
          <a className="moment__more" href={`${href.post(post.id)}#comments`}>
            {tn('comments.viewAll', post.stats.comments)}
          </a>
        )}
        {commenting && (
          <CommentInput postId={post.id} replyTo={replyTo} onCancelReply={() => setReplyTo(undefined)} onPosted={posted} autoFocus />
        )}
      </div>
    </article>
  );
}
