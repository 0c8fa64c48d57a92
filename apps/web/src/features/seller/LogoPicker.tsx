import { useState, type ChangeEvent } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { IMAGE_MAX_BYTES, IMAGE_TYPES } from '../../lib/limits.js';
import { CameraIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { uploadImage } from '../media/media.api.js';
import { sellerErrorMessage } from './seller-errors.js';
import { StorefrontIcon } from './seller-icons.js';

export interface LogoValue {
  mediaId: string | null;
  url: string | null;
}

/** The shop's logo: uploaded through the media pipeline as soon as it is picked; the form sends its id. */
export function LogoPicker({ value, onChange }: { value: LogoValue; onChange: (value: LogoValue) => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again must fire change again
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) return setError(sellerErrorMessage(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE'), t));
    if (file.size > IMAGE_MAX_BYTES) return setError(sellerErrorMessage(new ApiError(413, 'PAYLOAD_TOO_LARGE'), t));
    setBusy(true);
    setError(undefined);
    uploadImage(file, () => {})
      .result.then(
        (asset) => onChange({ mediaId: asset.id, url: asset.thumbUrl }),
        (caught: unknown) => setError(sellerErrorMessage(caught, t)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="logo-picker">
      <span className="logo-picker__image">
        {value.url ? <img src={value.url} alt={t('seller.shop.logo')} data-testid="shop-logo" /> : <StorefrontIcon size={28} />}
        {busy && (
          <span className="logo-picker__busy">
            <Spinner size={22} label={t('seller.shop.logoUploading')} />
          </span>
        )}
      </span>
      <div className="logo-picker__actions">
        <label className={busy ? 'button button--secondary button--sm is-disabled' : 'button button--secondary button--sm'}>
          <CameraIcon size={18} />
          <span>{value.url ? t('seller.shop.logoChange') : t('seller.shop.logoAdd')}</span>
          <input className="visually-hidden" type="file" accept={IMAGE_TYPES.join(',')} onChange={choose} disabled={busy} data-testid="shop-logo-input" />
        </label>
        {value.url && !busy && (
          <button type="button" className="link-button" onClick={() => onChange({ mediaId: null, url: null })}>
            {t('seller.shop.logoRemove')}
          </button>
        )}
        {error && <p className="field__error" role="alert">{error}</p>}
      </div>
    </div>
  );
}
