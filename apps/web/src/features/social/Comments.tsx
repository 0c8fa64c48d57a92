import type { Comment, CommentReply } from '@souk/contracts';
import { useState } from 'react';
import { href } from '../../app/paths.js';
import { useSession } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { PagedListEnd } from './PagedListEnd.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { appendPage } from '../../lib/paging.js';
import type { PagedList } from '../../lib/use-paged-list.js';
import { Avatar } from '../../ui/Avatar.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { CommentIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import type { ReplyTarget } from './CommentInput.js';
import { PostTime } from './PostHeader.js';
import { PostText } from './PostText.js';
import { fetchReplies } from './social.api.js';

interface CommentsProps {
  list: PagedList<Comment>;
  total: number;
  postAuthorId: string;
  onReply: (target: ReplyTarget) => void;
  onDelete: (comment: CommentReply) => void;
}

/** Comments newest first, each with its replies (one level), "reply" and, on the viewer's own, "delete". */
export function Comments({ list, total, postAuthorId, onReply, onDelete }: CommentsProps) {
  const { t } = useI18n();
  return (
    <section className="comments card" id="comments" data-testid="comments">
      <h2 className="comments__title">{t('comments.title', { count: total })}</h2>
      {list.error !== undefined ? (
        <ErrorState message={errorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />
      ) : !list.items ? (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      ) : list.items.length === 0 ? (
        <p className="comments__empty">
          <CommentIcon size={20} />
          {t('comments.empty')}
        </p>
      ) : (
        <ul className="comment-list">
          {list.items.map((comment) => (
            <CommentThread key={comment.id} comment={comment} postAuthorId={postAuthorId} onReply={onReply} onDelete={onDelete} />
          ))}
        </ul>
      )}
      <PagedListEnd list={list} />
    </section>
  );
}

interface ThreadProps {
  comment: Comment;
  postAuthorId: string;
  onReply: (target: ReplyTarget) => void;
  onDelete: (comment: CommentReply) => void;
}

/** A top-level comment, its first replies, and the rest of its replies on demand. */
function CommentThread({ comment, postAuthorId, onReply, onDelete }: ThreadProps) {
  const { t, tn } = useI18n();
  const [more, setMore] = useState<{ replies: CommentReply[]; cursor: string | null }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  // Replies fetched here are merged with those that came with the comment (and ones just written).
  const replies = more ? appendPage(more.replies, comment.replies, (reply) => reply.id) : comment.replies;
  const hidden = Math.max(0, comment.replyCount - replies.length);

  const loadMore = async () => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchReplies(comment.id, more?.cursor ?? undefined);
      setMore((current) => ({ replies: appendPage(current?.replies ?? [], page.items, (reply) => reply.id), cursor: page.nextCursor }));
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };

  return (
    <li className="comment-thread" data-testid="comment">
      <CommentView comment={comment} postAuthorId={postAuthorId} onReply={onReply} onDelete={onDelete} />
      {replies.length > 0 && (
        <ul className="reply-list">
          {replies.map((reply) => (
            <li key={reply.id} data-testid="reply">
              <CommentView comment={reply} postAuthorId={postAuthorId} onReply={onReply} onDelete={onDelete} small />
            </li>
          ))}
        </ul>
      )}
      {(hidden > 0 || (more && more.cursor)) && (
        <button type="button" className="comment-thread__more" onClick={loadMore} disabled={loading} data-testid="more-replies">
          {loading ? <Spinner size={14} /> : error !== undefined ? errorMessage(error, t) : tn('comments.moreReplies', hidden)}
        </button>
      )}
    </li>
  );
}

interface CommentViewProps {
  comment: CommentReply;
  postAuthorId: string;
  onReply: (target: ReplyTarget) => void;
  onDelete: (comment: CommentReply) => void;
  small?: boolean;
}

function CommentView({ comment, postAuthorId, onReply, onDelete, small }: CommentViewProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const { author } = comment;
  return (
    <div className={small ? 'comment comment--reply' : 'comment'}>
      <a href={href.profile(author.handle)} className="comment__avatar">
        <Avatar url={author.avatarUrl} name={author.displayName} alt={t('avatar.alt', { name: author.displayName })} size={small ? 24 : 34} />
      </a>
      <div className="comment__main">
        <p className="comment__author">
          <a href={href.profile(author.handle)}>{author.displayName}</a>
          {author.id === postAuthorId && <span className="pill pill--tiny">{t('comments.author')}</span>}
        </p>
        <PostText
          text={comment.body}
          mentions={comment.mentions}
          className="comment__text"
          testId="comment-text"
          prefix={
            comment.parentId &&
            comment.replyTo && (
              <span className="comment__reply-to">
                {t('comments.replied')} <a href={href.profile(comment.replyTo.handle)}>@{comment.replyTo.handle}</a>:{' '}
              </span>
            )
          }
        />
        <p className="comment__meta">
          <PostTime iso={comment.createdAt} />
          <button type="button" className="link-button" onClick={() => onReply({ commentId: comment.id, handle: author.handle })} data-testid="reply-button">
            {t('comments.reply')}
          </button>
          {/* The server lets a comment's author and the post's author delete it. */}
          {me && (me.id === author.id || me.id === postAuthorId) && (
            <button type="button" className="link-button link-button--danger" onClick={() => onDelete(comment)} data-testid="delete-comment">
              {t('comments.delete')}
            </button>
          )}
        </p>
      </div>
    </div>
  );
}
