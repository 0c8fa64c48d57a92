import type { Post, UpdatePostBody, Visibility } from '@souk/contracts';
import { useState } from 'react';
import { href } from '../../app/paths.js';
import { useRouter } from '../../app/router.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { POST_BODY_MAX, POST_TITLE_MAX } from '../../lib/limits.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextField } from '../../ui/TextField.js';
import { ComposeText } from '../create/ComposeText.js';
import { VisibilityPicker } from '../create/VisibilityPicker.js';
import { updatePost } from './social.api.js';
import { usePost } from './use-post.js';

/** Edits the words and the audience of one's own post; media stay as posted. */
export function EditPostScreen({ params }: ScreenProps) {
  const t = useT();
  const me = useMe();
  const id = params.id ?? '';
  const { post, error, refresh } = usePost(id);
  const back = href.post(id);

  return (
    <Screen title={t('post.edit')} back={back} testId="edit-post-screen">
      {error !== undefined ? (
        <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={refresh} />
      ) : !post ? (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      ) : post.author.id !== me.id ? (
        <ErrorState message={t('post.notYours')} />
      ) : (
        <EditForm post={post} />
      )}
    </Screen>
  );
}

function EditForm({ post }: { post: Post }) {
  const t = useT();
  const { navigate } = useRouter();
  const [title, setTitle] = useState(post.title ?? '');
  const [body, setBody] = useState(post.body);
  const [visibility, setVisibility] = useState<Visibility>(post.visibility);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const tooLong = [...body].length > POST_BODY_MAX || [...title].length > POST_TITLE_MAX;

  const save = async () => {
    const changes: UpdatePostBody = {};
    const newTitle = title.trim() || null;
    if (newTitle !== post.title) changes.title = newTitle;
    if (body.trim() !== post.body) changes.body = body.trim();
    if (visibility !== post.visibility) changes.visibility = visibility;
    // PATCH needs at least one property; nothing changed means nothing to send.
    if (Object.keys(changes).length === 0) return navigate(href.post(post.id), { replace: true });
    setBusy(true);
    setError(undefined);
    try {
      await updatePost(post.id, changes);
      navigate(href.post(post.id), { replace: true });
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  return (
    <form
      className="compose card"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      {error && <Alert tone="error" testId="form-error">{error}</Alert>}
      <TextField
        label={t('compose.titleLabel')}
        placeholder={t('compose.titlePlaceholder')}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={[...title].length > POST_TITLE_MAX ? t('validation.maxLength', { max: POST_TITLE_MAX }) : undefined}
        data-testid="edit-post-title"
      />
      <ComposeText label={t('compose.bodyLabel')} placeholder={t('compose.bodyPlaceholder')} value={body} onChange={setBody} maxChars={POST_BODY_MAX} testId="edit-post-body" />
      <VisibilityPicker value={visibility} onChange={setVisibility} />
      <Button type="submit" block busy={busy} disabled={tooLong} data-testid="edit-post-save">
        {t('edit.save')}
      </Button>
    </form>
  );
}
