import { useState, type ChangeEvent } from 'react';
import { useMe, useSession } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { Alert } from '../../ui/Alert.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { CameraIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { deleteAvatar, uploadAvatar } from './me.api.js';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'];
const MAX_BYTES = 10 * 1024 * 1024;

/** Checked before upload to spare a 10 MB round trip; the server checks the bytes again. */
function precheck(file: File): ApiError | undefined {
  if (!ACCEPTED.includes(file.type)) return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE');
  if (file.size > MAX_BYTES) return new ApiError(413, 'PAYLOAD_TOO_LARGE');
  return undefined;
}

export function AvatarEditor() {
  const t = useT();
  const me = useMe();
  const { setMe } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<typeof me>) => {
    setBusy(true);
    setError(undefined);
    try {
      setMe(await action());
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again must fire change again
    if (!file) return;
    const rejected = precheck(file);
    if (rejected) setError(errorMessage(rejected, t));
    else void run(() => uploadAvatar(file));
  };

  return (
    <section className="avatar-editor">
      <div className="avatar-editor__preview">
        <Avatar url={me.avatarUrl} name={me.displayName} alt={t('avatar.alt', { name: me.displayName })} size={96} testId="avatar-img" />
        {busy && (
          <span className="avatar-editor__busy">
            <Spinner size={28} label={t('avatar.uploading')} />
          </span>
        )}
      </div>
      <div className="avatar-editor__actions">
        <label className={busy ? 'button button--secondary button--sm is-disabled' : 'button button--secondary button--sm'}>
          <CameraIcon size={18} />
          <span>{t('avatar.change')}</span>
          <input
            className="visually-hidden"
            type="file"
            accept={ACCEPTED.join(',')}
            onChange={choose}
            disabled={busy}
            data-testid="avatar-file-input"
          />
        </label>
        {me.avatarUrl && (
          <Button variant="ghost" size="sm" onClick={() => run(deleteAvatar)} disabled={busy} data-testid="avatar-remove">
            {t('avatar.remove')}
          </Button>
        )}
      </div>
      {error && <Alert tone="error" testId="avatar-error">{error}</Alert>}
    </section>
  );
}
