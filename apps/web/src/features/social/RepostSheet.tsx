import type { EmbeddedPost, Post } from '@souk/contracts';
import { useState } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { POST_BODY_MAX } from '../../lib/limits.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { Sheet } from '../../ui/Sheet.js';
import { TextArea } from '../../ui/TextArea.js';
import { createPost } from './social.api.js';

interface RepostSheetProps {
  /** The post to repost; a repost of a repost shares the original. */
  target: EmbeddedPost | Post;
  open: boolean;
  onClose: () => void;
  onReposted: (repost: Post) => void;
}

export function RepostSheet({ target, open, onClose, onReposted }: RepostSheetProps) {
  const t = useT();
  const toast = useToast();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const tooLong = [...comment].length > POST_BODY_MAX;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = comment.trim();
      const repost = await createPost({ repostOf: target.id, ...(trimmed && { body: trimmed }) });
      setComment('');
      onReposted(repost);
      onClose();
      toast(t('repost.done'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open={open} onClose={onClose} title={t('repost.title')} testId="repost-sheet">
      <p className="sheet__quote">
        <strong>{target.author.displayName}</strong>: {target.title ?? target.body}
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <TextArea
        label={t('repost.comment')}
        placeholder={t('repost.placeholder')}
        value={comment}
        maxChars={POST_BODY_MAX}
        rows={3}
        onChange={(event) => setComment(event.target.value)}
        data-testid="repost-comment"
      />
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button busy={busy} disabled={tooLong} onClick={submit} data-testid="repost-submit">
          {t('repost.submit')}
        </Button>
      </div>
    </Sheet>
  );
}
