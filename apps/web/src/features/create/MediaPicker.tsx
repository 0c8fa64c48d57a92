import type { ChangeEvent } from 'react';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { duration } from '../../lib/format.js';
import { IMAGE_TYPES, POST_IMAGES_MAX, VIDEO_TYPES } from '../../lib/limits.js';
import { CloseIcon, ImageIcon, PlayIcon, PlusIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import type { UploadItem } from './use-uploads.js';

interface MediaPickerProps {
  items: UploadItem[];
  onAdd: (files: File[]) => void;
  onRemove: (localId: string) => void;
  onRetry: (localId: string) => void;
}

/** Thumbnails of the attached media with their upload state, and a tile to add more. */
export function MediaPicker({ items, onAdd, onRemove, onRetry }: MediaPickerProps) {
  const { t } = useI18n();
  const hasVideo = items.some((item) => item.kind === 'video');
  const full = hasVideo || items.length >= POST_IMAGES_MAX;
  const accept = (items.length > 0 ? IMAGE_TYPES : [...IMAGE_TYPES, ...VIDEO_TYPES]).join(',');

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = ''; // picking the same file again must fire change again
    if (files.length > 0) onAdd(files);
  };

  return (
    <div className={hasVideo ? 'media-picker media-picker--video' : 'media-picker'} data-testid="media-picker">
      {items.map((item) => (
        <div key={item.localId} className="media-tile" data-testid="media-tile" data-status={item.status}>
          {item.kind === 'video' && !item.asset ? (
            <video className="media-tile__media" src={item.preview} muted playsInline preload="metadata" />
          ) : (
            <img className="media-tile__media" src={item.asset?.thumbUrl ?? item.preview} alt={item.fileName} />
          )}
          {item.kind === 'video' && (
            <span className="media-tile__badge">
              <PlayIcon size={12} />
              {item.asset?.durationMs != null && duration(item.asset.durationMs)}
            </span>
          )}
          {item.status === 'uploading' && <UploadProgress progress={item.progress} />}
          {item.status === 'error' && (
            <button type="button" className="media-tile__overlay media-tile__overlay--error" onClick={() => onRetry(item.localId)} title={errorMessage(item.error, t)}>
              <span>{errorMessage(item.error, t)}</span>
              <strong>{t('common.retry')}</strong>
            </button>
          )}
          <button type="button" className="media-tile__remove" onClick={() => onRemove(item.localId)} aria-label={t('compose.removeMedia', { name: item.fileName })} data-testid="media-remove">
            <CloseIcon size={14} strokeWidth={2.4} />
          </button>
        </div>
      ))}
      {!full && (
        <label className="media-tile media-tile--add">
          {items.length === 0 ? <ImageIcon size={28} /> : <PlusIcon size={28} />}
          <span>{items.length === 0 ? t('compose.addMedia') : t('compose.addMore', { count: POST_IMAGES_MAX - items.length })}</span>
          <input className="visually-hidden" type="file" accept={accept} multiple onChange={pick} data-testid="media-input" />
        </label>
      )}
    </div>
  );
}

function UploadProgress({ progress }: { progress: number }) {
  const { t } = useI18n();
  const percent = Math.round(progress * 100);
  // At 100 % the bytes are sent but the server is still checking and re-encoding them.
  return (
    <span className="media-tile__overlay" role="status">
      <Spinner size={22} />
      <span>{percent < 100 ? `${percent}%` : t('compose.processing')}</span>
      <span className="media-tile__bar" style={{ transform: `scaleX(${progress})` }} />
    </span>
  );
}
