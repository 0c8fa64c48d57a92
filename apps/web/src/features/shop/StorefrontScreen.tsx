import type { Storefront } from '@souk/contracts';
import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/routes.js';
import { href } from '../../app/paths.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { Avatar } from '../../ui/Avatar.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { VerifiedIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { CartLink } from './CartLink.js';
import { ProductCardGrid } from './ProductCardStrip.js';
import { StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { fetchStorefront } from './shop.api.js';

/** A creator's storefront (/s/:handle): the brand products they picked and their own shop's; buying here credits them. */
export function StorefrontScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const handle = params.handle ?? '';
  const [front, setFront] = useState<Storefront>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchStorefront(handle, controller.signal).then(setFront, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [handle, generation]);

  return (
    <Screen title={front ? t('shop.storefront.title', { name: front.creator.displayName }) : t('shop.storefront.titlePlain')} back={shopHref.home} actions={<CartLink />} testId="storefront-screen">
      {error !== undefined && !front ? (
        error instanceof ApiError && error.status === 404 ? (
          <EmptyState icon={<StoreIcon size={40} />} title={t('shop.storefront.goneTitle')} body={t('shop.storefront.goneBody')} />
        ) : (
          <ErrorState message={shopErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setGeneration((n) => n + 1)} />
        )
      ) : !front ? (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      ) : (
        <>
          <a className="card storefront-head" href={href.profile(front.creator.handle)}>
            <Avatar url={front.creator.avatarUrl} name={front.creator.displayName} alt="" size={52} />
            <span className="storefront-head__text">
              <span className="storefront-head__name">
                {front.creator.displayName}
                {front.creator.verified && <VerifiedIcon className="verified" size={15} />}
              </span>
              <span className="storefront-head__handle">@{front.creator.handle}</span>
            </span>
          </a>
          {front.picks.length === 0 && front.ownProducts.length === 0 && <EmptyState icon={<StoreIcon size={40} />} title={t('shop.storefront.emptyTitle')} body={t('shop.storefront.emptyBody')} />}
          {front.picks.length > 0 && (
            <section className="shop-section">
              <h2 className="shop-section__title">{t('shop.storefront.picks')}</h2>
              <ProductCardGrid cards={front.picks} testId="storefront-picks" />
            </section>
          )}
          {front.ownProducts.length > 0 && (
            <section className="shop-section">
              <h2 className="shop-section__title">{front.shop ? front.shop.name : t('shop.storefront.own')}</h2>
              <ProductCardGrid cards={front.ownProducts} testId="storefront-own" />
            </section>
          )}
        </>
      )}
    </Screen>
  );
}
