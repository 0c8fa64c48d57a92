import type { MediaAsset, OrderItem } from '@souk/contracts';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { CloseIcon, ImageIcon, StarIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { TextArea } from '../../ui/TextArea.js';
import { uploadImage } from '../media/media.api.js';
import { shopErrorMessage } from './shop-errors.js';
import { postReview } from './shop.api.js';

/** The contract's limits, restated (the app imports only types from the contracts). */
const REVIEW_TEXT_MAX = 2000;
const REVIEW_MEDIA_MAX = 9;

/** A review of one item of a completed order: stars, words, photos. */
export function ReviewSheet({ item, orderId, onClose, onDone }: { item: OrderItem | undefined; orderId: string; onClose: () => void; onDone: (itemId: string) => void }) {
  const { t } = useI18n();
  return (
    <Sheet open={item !== undefined} onClose={onClose} title={t('shop.review.title')} testId="review-sheet">
      {item && <ReviewForm key={item.id} item={item} orderId={orderId} onClose={onClose} onDone={onDone} />}
    </Sheet>
  );
}

function ReviewForm({ item, orderId, onClose, onDone }: { item: OrderItem; orderId: string; onClose: () => void; onDone: (itemId: string) => void }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(5);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<MediaAsset[]>([]);
  const [uploading, setUploading] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const addPhotos = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])].slice(0, REVIEW_MEDIA_MAX - photos.length);
    event.target.value = '';
    setUploading((n) => n + files.length);
    await Promise.all(
      files.map((file) =>
        uploadImage(file, () => {})
          .result.then(
            (asset) => setPhotos((current) => [...current, asset].slice(0, REVIEW_MEDIA_MAX)),
            (caught: unknown) => setFailure(shopErrorMessage(caught, t)),
          )
          .finally(() => setUploading((n) => n - 1)),
      ),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ([...text].length > REVIEW_TEXT_MAX) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await postReview(orderId, item.id, { rating, ...(text.trim() ? { text: text.trim() } : {}), ...(photos.length ? { mediaIds: photos.map((photo) => photo.id) } : {}) });
      onDone(item.id);
    } catch (caught) {
      setFailure(shopErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="review-form">
      <p className="review-form__item">
        {item.productTitle}
        {item.skuLabel && ` · ${item.skuLabel}`}
      </p>
      {failure && (
        <p className="shop-problem" role="alert">
          {failure}
        </p>
      )}
      <div className="rating-input" role="radiogroup" aria-label={t('shop.review.rating')}>
        {[1, 2, 3, 4, 5].map((star) => (
          <label key={star} className={star <= rating ? 'rating-input__star rating-input__star--on' : 'rating-input__star'}>
            <input type="radio" name="rating" value={star} checked={rating === star} onChange={() => setRating(star)} className="visually-hidden" data-testid={`rating-${star}`} />
            <StarIcon size={32} filled={star <= rating} />
            <span className="visually-hidden">{t('shop.reviews.stars', { count: star })}</span>
          </label>
        ))}
      </div>
      <TextArea label={t('shop.review.text')} value={text} onChange={(event) => setText(event.target.value)} maxChars={REVIEW_TEXT_MAX} rows={4} data-testid="review-text" />
      <div className="review-form__photos">
        {photos.map((photo) => (
          <span key={photo.id} className="review__photo">
            <img src={photo.thumbUrl} alt="" />
            <button type="button" className="review-form__remove" onClick={() => setPhotos((current) => current.filter((candidate) => candidate.id !== photo.id))} aria-label={t('shop.review.removePhoto')}>
              <CloseIcon size={14} />
            </button>
          </span>
        ))}
        {photos.length < REVIEW_MEDIA_MAX && (
          <label className="review-form__add">
            <ImageIcon size={22} />
            <span className="visually-hidden">{t('shop.review.addPhotos')}</span>
            <input type="file" accept="image/*" multiple onChange={(event) => void addPhotos(event)} className="visually-hidden" data-testid="review-photos" />
          </label>
        )}
      </div>
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" busy={busy} disabled={uploading > 0} data-testid="review-submit">
          {t('shop.review.submit')}
        </Button>
      </div>
    </form>
  );
}
