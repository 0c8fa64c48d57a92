import type { MyShop } from '@souk/contracts';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { ChevronRightIcon } from '../../ui/icons.js';
import { ListRow } from '../../ui/ListRow.js';
import { Spinner } from '../../ui/Spinner.js';
import { shopHref } from '../shop/shop-paths.js';
import { OpenShopForm } from './OpenShopForm.js';
import { sellerErrorMessage } from './seller-errors.js';
import { BoxIcon, ChartIcon, IdCardIcon, ParcelOutIcon, PercentIcon, ScaleIcon, SettingsIcon, StorefrontIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { VerificationPill } from './VerificationPill.js';
import { useMyShop } from './use-my-shop.js';

/**
 * The seller centre's home: opening a shop, then everything a shop does from
 * one list; creators find the affiliate marketplace here, and admins and
 * moderators their queues (first: that is what they come for).
 */
export function SellerHomeScreen() {
  const t = useT();
  const me = useMe();
  const { shop, error, reload, setShop } = useMyShop();
  const isAdmin = me.role === 'admin';
  const isModerator = isAdmin || me.role === 'moderator';
  const isCreator = shop?.kind === 'creator' || me.role === 'creator';

  return (
    <Screen title={t('seller.title')} back="/me" testId="seller-home">
      {error !== undefined && shop === undefined && <ErrorState message={sellerErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />}
      {shop === undefined && error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {isModerator && (
        <section className="card card--list">
          <h2 className="card__title">{t('seller.staff.section')}</h2>
          {isAdmin && <ListRow icon={<IdCardIcon />} label={t('seller.verifyQueue.title')} href={sellerHref.verifyQueue} testId="seller-verify-queue-link" />}
          <ListRow icon={<ScaleIcon />} label={t('seller.disputes.title')} href={sellerHref.disputes} testId="seller-disputes-link" />
        </section>
      )}
      {shop === null && <OpenShopForm onOpened={setShop} />}
      {shop && <ShopHeader shop={shop} />}
      {shop && (
        <section className="card card--list">
          <ListRow icon={<BoxIcon />} label={t('seller.products.title')} href={sellerHref.products} testId="seller-products-link" />
          <ListRow icon={<ParcelOutIcon />} label={t('seller.orders.title')} href={sellerHref.orders} testId="seller-orders-link" />
          {shop.kind !== 'individual' && (
            <ListRow icon={<PercentIcon />} label={t('seller.affiliate.brandTitle')} href={sellerHref.affiliate} testId="seller-affiliate-link" />
          )}
          <ListRow icon={<SettingsIcon />} label={t('seller.settings.title')} href={sellerHref.settings} testId="seller-settings-link" />
          <ListRow icon={<StorefrontIcon />} label={t('seller.viewShop')} href={shopHref.shop(shop.id)} testId="seller-view-shop" />
          {shop.kind === 'brand' && (
            <ListRow
              icon={<IdCardIcon />}
              label={t('seller.verification.title')}
              href={sellerHref.verification}
              trailing={<VerificationPill status={shop.verification} />}
              testId="seller-verification-link"
            />
          )}
        </section>
      )}
      {isCreator && (
        <section className="card card--list">
          <h2 className="card__title">{t('seller.creator.section')}</h2>
          <ListRow icon={<PercentIcon />} label={t('seller.marketplace.title')} href={sellerHref.marketplace} testId="seller-marketplace-link" />
          <ListRow icon={<StorefrontIcon />} label={t('seller.creator.storefront')} href={shopHref.storefront(me.handle)} testId="seller-storefront-link" />
          <ListRow icon={<ChartIcon />} label={t('seller.earnings.title')} href={sellerHref.earnings} testId="seller-earnings-link" />
        </section>
      )}
    </Screen>
  );
}

function ShopHeader({ shop }: { shop: MyShop }) {
  const t = useT();
  return (
    <section className="card shop-header" data-testid="seller-shop">
      <span className="shop-header__logo">{shop.logoUrl ? <img src={shop.logoUrl} alt="" /> : <StorefrontIcon size={28} />}</span>
      <div className="shop-header__text">
        <h2 className="shop-header__name" data-testid="seller-shop-name">
          {shop.name}
        </h2>
        <p className="shop-header__meta">
          <span className="pill pill--muted">{t(`seller.kind.${shop.kind}`)}</span>
          {shop.kind === 'brand' && <VerificationPill status={shop.verification} />}
          <span>{shop.currency}</span>
        </p>
      </div>
      {shop.kind === 'brand' && !shop.canSell && (
        <a className="seller-banner" href={sellerHref.verification} data-testid="verify-banner">
          <IdCardIcon />
          <span>{t(shop.verification === 'pending' ? 'seller.verification.pendingBanner' : 'seller.verification.banner')}</span>
          <ChevronRightIcon size={18} />
        </a>
      )}
    </section>
  );
}
