import type { Visibility } from '@souk/contracts';
import { useState } from 'react';
import { href } from '../../app/paths.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { POST_BODY_MAX, POST_TITLE_MAX } from '../../lib/limits.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { TextField } from '../../ui/TextField.js';
import { createPost } from '../social/social.api.js';
import { ComposeText } from './ComposeText.js';
import { MediaPicker } from './MediaPicker.js';
import { StorageQuota } from './StorageQuota.js';
import type { Rejection } from './media-rules.js';
import { useUploads } from './use-uploads.js';
import { VisibilityPicker } from './VisibilityPicker.js';

const REJECTION_MESSAGE = {
  type: 'compose.rejectedType',
  size: 'compose.rejectedSize',
  count: 'compose.rejectedCount',
} as const satisfies Record<Rejection, string>;

/** Compose a note (text, title, up to 9 images) or a short video, choose who sees it, post. */
export function CreateScreen() {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const uploads = useUploads();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const uploading = uploads.items.some((item) => item.status === 'uploading');
  const failed = uploads.items.some((item) => item.status === 'error');
  const empty = !body.trim() && !title.trim() && uploads.items.length === 0;
  const tooLong = [...body].length > POST_BODY_MAX || [...title].length > POST_TITLE_MAX;
  const blocker = empty ? undefined : uploading ? t('compose.waitUploads') : failed ? t('compose.fixUploads') : undefined;

  const add = (files: File[]) => {
    const reasons = [...new Set(uploads.add(files))];
    if (reasons.length > 0) toast(reasons.map((reason) => t(REJECTION_MESSAGE[reason])).join(' '), 'error');
  };

  const submit = async () => {
    if (empty || tooLong || uploading || failed) return;
    setBusy(true);
    setError(undefined);
    const media = uploads.items.flatMap((item) => (item.asset ? [item.asset] : []));
    try {
      const post = await createPost({
        kind: media.some((asset) => asset.kind === 'video') ? 'video' : 'note',
        ...(title.trim() && { title: title.trim() }),
        ...(body.trim() && { body: body.trim() }),
        visibility,
        ...(media.length > 0 && { mediaIds: media.map((asset) => asset.id) }),
      });
      uploads.clear();
      navigate(href.post(post.id));
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  const postButton = (
    <Button size="sm" busy={busy} disabled={empty || tooLong || uploading || failed} onClick={submit} data-testid="compose-submit">
      {t('compose.post')}
    </Button>
  );

  return (
    <Screen title={t('compose.title')} actions={postButton} testId="create-screen">
      <form
        className="compose card"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        {error && <Alert tone="error" testId="form-error">{error}</Alert>}
        <MediaPicker items={uploads.items} onAdd={add} onRemove={uploads.remove} onRetry={uploads.retry} />
        <StorageQuota version={uploads.items.filter((item) => item.status === 'done').length} />
        <TextField
          label={t('compose.titleLabel')}
          placeholder={t('compose.titlePlaceholder')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={[...title].length > POST_TITLE_MAX ? t('validation.maxLength', { max: POST_TITLE_MAX }) : undefined}
          data-testid="compose-title"
        />
        <ComposeText
          label={t('compose.bodyLabel')}
          placeholder={t('compose.bodyPlaceholder')}
          value={body}
          onChange={setBody}
          maxChars={POST_BODY_MAX}
          testId="compose-body"
        />
        <VisibilityPicker value={visibility} onChange={setVisibility} />
        {blocker && <p className="compose__blocker">{blocker}</p>}
        <Button type="submit" block busy={busy} disabled={empty || tooLong || uploading || failed}>
          {t('compose.post')}
        </Button>
      </form>
    </Screen>
  );
}
