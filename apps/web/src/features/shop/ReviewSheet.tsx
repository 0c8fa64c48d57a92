import type { MediaAsset, OrderItem, Review } from '@souk/contracts';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { CloseIcon, ImageIcon, StarIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextArea } from '../../ui/TextArea.js';
import { uploadImage } from '../media/media.api.js';
import { reviewBody } from './review-body.js';
import { shopErrorMessage } from './shop-errors.js';
import { deleteReview, editReview, fetchMyReview, postReview } from './shop.api.js';

/** The contract's limits, restated (the app imports only types from the contracts). */
const REVIEW_TEXT_MAX = 2000;
const REVIEW_MEDIA_MAX = 9;

/** A review of one item of a completed order: stars, words, photos. */
export function ReviewSheet({ item, orderId, onClose, onDone }: { item: OrderItem | undefined; orderId: string; onClose: () => void; onDone: (itemId: string) => void }) {
  const { t } = useI18n();
  return (
    <Sheet open={item !== undefined} onClose={onClose} title={t('shop.review.title')} testId="review-sheet">
      {item && (
        <ReviewForm
          key={item.id}
          heading={item.skuLabel ? `${item.productTitle} · ${item.skuLabel}` : item.productTitle}
          onClose={onClose}
          save={async (form) => {
            await postReview(orderId, item.id, reviewBody(form, false));
            onDone(item.id);
          }}
        />
      )}
    </Sheet>
  );
}

/** The review an author opens again (from the product's reviews or their order): read fresh, then changed or deleted. */
export interface ReviewToEdit {
  orderId: string;
  itemId: string;
  heading: string;
}

export function EditReviewSheet({
  target,
  onClose,
  onSaved,
  onDeleted,
}: {
  target: ReviewToEdit | undefined;
  onClose: () => void;
  onSaved: (review: Review) => void;
  onDeleted: (itemId: string) => void;
}) {
  const { t } = useI18n();
  const [review, setReview] = useState<Review>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    setReview(undefined);
    setFailure(undefined);
    if (!target) return;
    const controller = new AbortController();
    fetchMyReview(target.orderId, target.itemId, controller.signal).then(setReview, (caught: unknown) => controller.signal.aborted || setFailure(shopErrorMessage(caught, t)));
    return () => controller.abort();
  }, [target, t]);

  return (
    <Sheet open={target !== undefined} onClose={onClose} title={t('shop.review.editTitle')} testId="review-edit-sheet">
      {failure && (
        <p className="shop-problem" role="alert">
          {failure}
        </p>
      )}
      {target && !review && !failure && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {target && review && (
        <ReviewForm
          key={review.id}
          heading={target.heading}
          initial={review}
          onClose={onClose}
          save={async (form) => onSaved(await editReview(target.orderId, target.itemId, reviewBody(form, true)))}
          remove={async () => {
            await deleteReview(target.orderId, target.itemId);
            onDeleted(target.itemId);
          }}
        />
      )}
    </Sheet>
  );
}

interface ReviewFormProps {
  heading: string;
  /** The review being changed; a new one starts at five stars. */
  initial?: Review;
  onClose: () => void;
  save: (form: { rating: number; text: string; mediaIds: string[] }) => Promise<void>;
  /** Offered when editing: deletes the review after a second tap. */
  remove?: () => Promise<void>;
}

function ReviewForm({ heading, initial, onClose, save, remove }: ReviewFormProps) {
  const { t } = useI18n();
  const [rating, setRating] = useState(initial?.rating ?? 5);
  const [text, setText] = useState(initial?.text ?? '');
  const [photos, setPhotos] = useState<MediaAsset[]>(initial?.media ?? []);
  const [uploading, setUploading] = useState(0);
  const [busy, setBusy] = useState<'save' | 'delete'>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
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

  const run = async (kind: 'save' | 'delete', action: () => Promise<void>) => {
    setBusy(kind);
    setFailure(undefined);
    try {
      await action();
    } catch (caught) {
      setFailure(shopErrorMessage(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ([...text].length > REVIEW_TEXT_MAX) return;
    void run('save', () => save({ rating, text, mediaIds: photos.map((photo) => photo.id) }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="review-form">
      <p className="review-form__item">{heading}</p>
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
      {remove && (
        <div className="review-form__delete">
          {confirmingDelete ? (
            <>
              <span>{t('shop.review.deleteAsk')}</span>
              <Button variant="danger" size="sm" busy={busy === 'delete'} disabled={busy !== undefined} onClick={() => void run('delete', remove)} data-testid="review-delete-confirm">
                {t('shop.review.delete')}
              </Button>
            </>
          ) : (
            <button type="button" className="link-button link-button--danger" onClick={() => setConfirmingDelete(true)} data-testid="review-delete">
              {t('shop.review.delete')}
            </button>
          )}
        </div>
      )}
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" busy={busy === 'save'} disabled={uploading > 0 || busy !== undefined} data-testid="review-submit">
          {initial ? t('shop.review.save') : t('shop.review.submit')}
        </Button>
      </div>
    </form>
  );
}
