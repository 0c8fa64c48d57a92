import { useEffect, useState } from 'react';
import { useRouter } from '../../app/router.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { openAffiliateLink } from './shop.api.js';

/** A creator's affiliate link (/l/:code): counted as a click, then the product page with the link as its attribution. */
export function LinkScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const code = params.code ?? '';
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    openAffiliateLink(code, controller.signal).then(
      (link) => navigate(shopHref.product(link.productId, link.product.via), { replace: true }),
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [code, navigate]);

  return (
    <Screen title={t('shop.title')} back={shopHref.home}>
      {error !== undefined ? (
        <ErrorState message={shopErrorMessage(error, t)} />
      ) : (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
    </Screen>
  );
}
