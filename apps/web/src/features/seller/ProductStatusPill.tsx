import type { ProductStatus } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';

export function ProductStatusPill({ status }: { status: ProductStatus }) {
  const t = useT();
  return (
    <span className={`pill status-pill status-pill--${status}`} data-testid="product-status" data-status={status}>
      {t(`seller.productStatus.${status}`)}
    </span>
  );
}
