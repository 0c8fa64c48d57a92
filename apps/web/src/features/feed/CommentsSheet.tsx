import type { Comment, CommentReply, Post } from '@souk/contracts';
import { useState } from 'react';
import { href } from '../../app/paths.js';
import { useSession } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { ConfirmSheet } from '../../ui/ConfirmSheet.js';
import { Sheet } from '../../ui/Sheet.js';
import { CommentInput, type ReplyTarget } from '../social/CommentInput.js';
import { insertComment, removeComment } from '../social/comment-state.js';
import { Comments } from '../social/Comments.js';
import { deleteComment, fetchComments } from '../social/social.api.js';

interface CommentsSheetProps {
  post: Post | undefined;
  open: boolean;
  onClose: () => void;
  onChange: (post: Post) => void;
  /** The viewer wrote a comment or a reply (a feed signal). */
  onCommented: (post: Post) => void;
}

const commentId = (comment: Comment) => comment.id;

/** A post's comments over the feed, so reading and writing them does not lose the viewer's place. */
export function CommentsSheet({ post, open, onClose, onChange, onCommented }: CommentsSheetProps) {
  const t = useT();
  const toast = useToast();
  const { status } = useSession();
  const id = post?.id;
  const comments = usePagedList<Comment>(open && id ? (cursor, signal) => fetchComments(id, cursor, signal) : null, `feed-comments:${id}`, commentId);
  const [replyTo, setReplyTo] = useState<ReplyTarget>();
  const [confirm, setConfirm] = useState<CommentReply>();
  const [deleting, setDeleting] = useState(false);

  const changeCount = (delta: number) => post && onChange({ ...post, stats: { ...post.stats, comments: Math.max(0, post.stats.comments + delta) } });

  const remove = async () => {
    if (!confirm) return;
    setDeleting(true);
    try {
      await deleteComment(confirm.id);
      const result = removeComment(comments.items ?? [], confirm.id);
      comments.setItems(() => result.comments);
      changeCount(-Math.max(result.removed, 1));
      setConfirm(undefined);
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Sheet open={open && post !== undefined} onClose={onClose} testId="feed-comments">
      {post && (
        <div className="feed-comments">
          <Comments list={comments} total={post.stats.comments} postAuthorId={post.author.id} onReply={setReplyTo} onDelete={setConfirm} />
          <div className="feed-comments__input">
            {status === 'authenticated' ? (
              <CommentInput
                postId={post.id}
                replyTo={replyTo}
                onCancelReply={() => setReplyTo(undefined)}
                onPosted={(comment) => {
                  comments.setItems((items) => insertComment(items, comment));
                  changeCount(1);
                  setReplyTo(undefined);
                  onCommented(post);
                }}
              />
            ) : (
              <a className="button button--secondary button--md button--block" href={`/login?next=${encodeURIComponent(href.post(post.id))}`}>
                <span>{t('comments.logInToComment')}</span>
              </a>
            )}
          </div>
        </div>
      )}
      <ConfirmSheet
        open={confirm !== undefined}
        title={t('comments.deleteTitle')}
        body={t('comments.deleteBody')}
        confirmLabel={t('comments.delete')}
        cancelLabel={t('common.cancel')}
        busy={deleting}
        onConfirm={remove}
        onClose={() => setConfirm(undefined)}
      />
    </Sheet>
  );
}
