import type { AdminShop } from '@souk/contracts';
import { useCallback, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { TextArea } from '../../ui/TextArea.js';
import { shortDateTime } from './OrdersScreen.js';
import { SellerPagedList } from './SellerPagedList.js';
import { sellerErrorMessage } from './seller-errors.js';
import { IdCardIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { decideVerification, fetchShopsToVerify } from './seller.api.js';

const NOTE_MAX = 1000;
const TRADER_FIELDS = ['legalName', 'registrationNumber', 'address', 'email', 'phone'] as const;

/** Admins: brands whose trader details wait for a check; verify, or reject with a reason the brand sees. */
export function VerifyQueueScreen() {
  const { t } = useI18n();
  const me = useMe();
  const allowed = me.role === 'admin';
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchShopsToVerify(cursor, signal), []);
  const list = usePagedList<AdminShop>(allowed ? loader : null, 'seller-verify-queue', (shop) => shop.id);
  return (
    <Screen title={t('seller.verifyQueue.title')} back={sellerHref.home} testId="verify-queue-screen">
      {!allowed && <Alert tone="error">{t('seller.error.FORBIDDEN')}</Alert>}
      <SellerPagedList list={list} loading={allowed} empty={<EmptyState icon={<IdCardIcon size={36} />} title={t('seller.verifyQueue.title')} body={t('seller.verifyQueue.empty')} />}>
        {(items) =>
          items.map((shop) => (
            <ShopToVerify key={shop.id} shop={shop} onDecided={() => list.setItems((rest) => rest.filter((item) => item.id !== shop.id))} />
          ))
        }
      </SellerPagedList>
    </Screen>
  );
}

function ShopToVerify({ shop, onDecided }: { shop: AdminShop; onDecided: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'verified' | 'rejected'>();
  const [error, setError] = useState<string>();

  const decide = async (decision: 'verified' | 'rejected') => {
    if (decision === 'rejected' && !note.trim()) return setError(t('seller.verifyQueue.noteRequired'));
    setBusy(decision);
    setError(undefined);
    try {
      await decideVerification(shop.id, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
      toast(t(decision === 'verified' ? 'seller.verifyQueue.approved' : 'seller.verifyQueue.rejected', { name: shop.name }));
      onDecided();
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  const details = shop.traderDetails;
  return (
    <article className="card verification-card" data-testid="shop-to-verify" data-shop-id={shop.id}>
      <div className="verification-card__top">
        <h2 className="seller-form-title">{shop.name}</h2>
        <span className="order-card__meta">@{shop.owner.handle}</span>
      </div>
      {details && <p className="order-card__meta">{t('seller.verifyQueue.submitted', { time: shortDateTime(details.submittedAt, locale) })}</p>}
      {details && (
        <dl className="trader-details">
          {TRADER_FIELDS.map((field) => (
            <div key={field}>
              <dt>{t(`seller.trader.${field}`)}</dt>
              <dd>{details[field]}</dd>
            </div>
          ))}
        </dl>
      )}
      <TextArea label={t('seller.verifyQueue.note')} value={note} onChange={(event) => setNote(event.target.value)} maxChars={NOTE_MAX} rows={2} data-testid="verify-note" />
      {error && <Alert tone="error">{error}</Alert>}
      <div className="order-card__actions">
        <Button variant="danger" size="sm" busy={busy === 'rejected'} disabled={busy !== undefined || [...note].length > NOTE_MAX} onClick={() => void decide('rejected')} data-testid="verify-reject">
          {t('seller.verifyQueue.reject')}
        </Button>
        <Button size="sm" busy={busy === 'verified'} disabled={busy !== undefined || [...note].length > NOTE_MAX} onClick={() => void decide('verified')} data-testid="verify-approve">
          {t('seller.verifyQueue.approve')}
        </Button>
      </div>
    </article>
  );
}
