import type { Review, ReviewPage } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { appendPage } from '../../lib/paging.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { StarIcon } from '../../ui/icons.js';
import { ImageViewer } from '../social/ImageViewer.js';
import { EditReviewSheet, type ReviewToEdit } from './ReviewSheet.js';
import { fetchReviews } from './shop.api.js';

const reviewId = (review: Review) => review.id;

/** The average, a histogram of 5 to 1 stars, and the reviews with their photos, newest first; their authors may edit or delete theirs. */
export function ReviewsSection({ productId, productTitle, onChanged }: { productId: string; productTitle: string; onChanged?: () => void }) {
  const { t, tn } = useI18n();
  const toast = useToast();
  const viewerId = useSession().me?.id;
  const [editing, setEditing] = useState<ReviewToEdit>();
  const [summary, setSummary] = useState<Omit<ReviewPage, 'items' | 'nextCursor'>>();
  const [items, setItems] = useState<Review[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    (after: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      fetchReviews(productId, after, signal)
        .then(
          ({ items: page, nextCursor, ...rest }) => {
            setSummary(rest);
            setItems((shown) => (after ? appendPage(shown, page, reviewId) : page));
            setCursor(nextCursor);
          },
          () => {}, // reviews are extra: the product stays buyable without them
        )
        .finally(() => signal?.aborted || setLoading(false));
    },
    [productId],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  if (!summary) return null;
  const most = Math.max(1, ...summary.histogram);
  return (
    <section className="card reviews" data-testid="reviews">
      <h3 className="card__title">{tn('shop.reviewCount', summary.count)}</h3>
      {summary.count === 0 ? (
        <p className="reviews__empty">{t('shop.reviews.none')}</p>
      ) : (
        <div className="reviews__summary">
          <p className="reviews__average" data-testid="reviews-average">
            <strong>{summary.average.toFixed(1)}</strong>
            <Stars rating={Math.round(summary.average)} />
          </p>
          <ol className="reviews__histogram" aria-label={t('shop.reviews.histogram')}>
            {[5, 4, 3, 2, 1].map((stars) => {
              const count = summary.histogram[stars - 1] ?? 0;
              return (
                <li key={stars} className="reviews__bar">
                  <span>{stars}</span>
                  <span className="reviews__track">
                    <span className="reviews__fill" style={{ width: `${(count / most) * 100}%` }} />
                  </span>
                  <span className="reviews__count">{count}</span>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      <ul className="reviews__list">
        {items.map((review) => (
          <ReviewItem
            key={review.id}
            review={review}
            onEdit={viewerId !== undefined && review.author?.id === viewerId ? () => setEditing({ orderId: review.orderId, itemId: review.id, heading: productTitle }) : undefined}
          />
        ))}
      </ul>
      <EditReviewSheet
        target={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          toast(t('shop.review.saved'));
          load(undefined);
          onChanged?.();
        }}
        onDeleted={() => {
          setEditing(undefined);
          toast(t('shop.review.deleted'));
          load(undefined);
          onChanged?.();
        }}
      />
      {cursor && (
        <Button variant="ghost" size="sm" busy={loading} onClick={() => load(cursor)} data-testid="reviews-more">
          {t('shop.loadMore')}
        </Button>
      )}
    </section>
  );
}

function ReviewItem({ review, onEdit }: { review: Review; onEdit: (() => void) | undefined }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<number>();
  const name = review.author?.displayName ?? t('shop.reviews.anonymous');
  return (
    <li className="review" data-testid="review">
      <div className="review__head">
        <Avatar url={review.author?.avatarUrl ?? null} name={name} alt="" size={28} />
        <span className="review__name">{name}</span>
        <Stars rating={review.rating} />
        <time className="review__date" dateTime={review.createdAt}>
          {new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(review.createdAt))}
          {review.editedAt && ` · ${t('shop.review.edited')}`}
        </time>
      </div>
      {review.text && <p className="review__text">{review.text}</p>}
      {onEdit && (
        <button type="button" className="link-button review__edit" onClick={onEdit} data-testid="review-edit">
          {t('shop.review.edit')}
        </button>
      )}
      {review.media.length > 0 && (
        <div className="review__photos">
          {review.media.map((asset, index) => (
            <button key={asset.id} type="button" className="review__photo" onClick={() => setOpen(index)} aria-label={t('viewer.open', { index: index + 1, count: review.media.length })}>
              <img src={asset.thumbUrl} alt="" loading="lazy" />
            </button>
          ))}
          <ImageViewer images={review.media} index={open} onClose={() => setOpen(undefined)} />
        </div>
      )}
    </li>
  );
}

export function Stars({ rating }: { rating: number }) {
  const { t } = useI18n();
  return (
    <span className="stars" role="img" aria-label={t('shop.reviews.stars', { count: rating })}>
      {[1, 2, 3, 4, 5].map((star) => (
        <StarIcon key={star} size={13} filled={star <= rating} />
      ))}
    </span>
  );
}
