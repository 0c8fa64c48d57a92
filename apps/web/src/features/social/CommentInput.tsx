import type { Comment } from '@souk/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { COMMENT_BODY_MAX } from '../../lib/limits.js';
import { Button } from '../../ui/Button.js';
import { CloseIcon } from '../../ui/icons.js';
import { createComment } from './social.api.js';

export interface ReplyTarget {
  commentId: string;
  handle: string;
}

interface CommentInputProps {
  postId: string;
  replyTo: ReplyTarget | undefined;
  onCancelReply: () => void;
  onPosted: (comment: Comment) => void;
  /** Focus the field when it appears or when a reply target is picked. */
  autoFocus?: boolean;
}

/** One line to comment or reply; "Replying to @x" above it while a reply target is set. */
export function CommentInput({ postId, replyTo, onCancelReply, onPosted, autoFocus }: CommentInputProps) {
  const t = useT();
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const length = [...text].length;

  useEffect(() => {
    if (autoFocus || replyTo) input.current?.focus();
  }, [autoFocus, replyTo]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body || length > COMMENT_BODY_MAX) return;
    setBusy(true);
    try {
      const comment = await createComment(postId, { body, ...(replyTo && { replyTo: replyTo.commentId }) });
      setText('');
      onPosted(comment);
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="comment-input" onSubmit={submit} data-testid="comment-form">
      {replyTo && (
        <p className="comment-input__replying">
          {t('comments.replyingTo', { handle: replyTo.handle })}
          <button type="button" className="icon-button" onClick={onCancelReply} aria-label={t('comments.cancelReply')}>
            <CloseIcon size={16} />
          </button>
        </p>
      )}
      <div className="comment-input__row">
        <input
          ref={input}
          className="input comment-input__field"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={replyTo ? t('comments.replyPlaceholder', { handle: replyTo.handle }) : t('comments.placeholder')}
          aria-label={t('comments.placeholder')}
          aria-invalid={length > COMMENT_BODY_MAX || undefined}
          enterKeyHint="send"
          data-testid="comment-input"
        />
        {/* Shown once there is something to send, leaving the row to the field until then. */}
        {(text.trim() || busy) && (
          <Button type="submit" size="sm" busy={busy} disabled={length > COMMENT_BODY_MAX} data-testid="comment-submit">
            {t('comments.send')}
          </Button>
        )}
      </div>
      {length > COMMENT_BODY_MAX * 0.8 && (
        <span className={length > COMMENT_BODY_MAX ? 'counter counter--over' : 'counter'}>
          {length}/{COMMENT_BODY_MAX}
        </span>
      )}
    </form>
  );
}
