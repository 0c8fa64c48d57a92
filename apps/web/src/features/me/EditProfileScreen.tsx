import type { UpdateMeBody } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useMe, useSession } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hasErrors, validateBio, validateDisplayName } from '../../lib/validation.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { AvatarEditor } from './AvatarEditor.js';
import { updateMe } from './me.api.js';

export function EditProfileScreen() {
  const t = useT();
  const me = useMe();
  const { setMe } = useSession();
  const { back } = useRouter();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const fieldErrors = { displayName: validateDisplayName(displayName, t), bio: validateBio(bio, t) };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (hasErrors(fieldErrors)) return;
    const changes: UpdateMeBody = {};
    if (displayName.trim() !== me.displayName) changes.displayName = displayName.trim();
    if (bio !== me.bio) changes.bio = bio;
    // PATCH needs at least one property; nothing changed means nothing to send.
    if (Object.keys(changes).length === 0) return back('/me');
    setBusy(true);
    setError(undefined);
    try {
      setMe(await updateMe(changes));
      back('/me');
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  return (
    <Screen title={t('edit.title')} back="/me" testId="edit-profile-screen">
      <AvatarEditor />
      <form className="form card" onSubmit={save} noValidate>
        {error && <Alert tone="error" testId="form-error">{error}</Alert>}
        <TextField
          label={t('auth.displayName')}
          error={fieldErrors.displayName}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          autoComplete="nickname"
          data-testid="edit-display-name"
        />
        <TextArea
          label={t('edit.bio')}
          placeholder={t('edit.bioPlaceholder')}
          error={fieldErrors.bio}
          value={bio}
          maxChars={300}
          rows={4}
          onChange={(e) => setBio(e.target.value)}
          data-testid="edit-bio"
        />
        <Button type="submit" block busy={busy} disabled={hasErrors(fieldErrors)} data-testid="edit-save">
          {t('edit.save')}
        </Button>
      </form>
    </Screen>
  );
}
