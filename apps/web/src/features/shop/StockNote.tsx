import { useI18n } from '../../i18n/I18nProvider.js';
import { stockLevel } from './stock-level.js';

/** "Sold out" over a product tile's photo when no active SKU has units left. */
export function SoldOutBadge({ stock }: { stock: number }) {
  const { t } = useI18n();
  if (stockLevel(stock).kind !== 'sold_out') return null;
  return (
    <span className="product-tile__sold-out" data-testid="product-sold-out">
      {t('shop.product.soldOut')}
    </span>
  );
}

/** "Only 3 left" in a product's meta line when few units are left; "Sold out" too where no badge is shown (`soldOut`). */
export function StockNote({ stock, soldOut = false }: { stock: number; soldOut?: boolean }) {
  const { t } = useI18n();
  const level = stockLevel(stock);
  if (level.kind === 'low') {
    return (
      <span className="product-tile__few" data-testid="product-few-left">
        {t('shop.product.fewLeft', { count: level.count })}
      </span>
    );
  }
  if (level.kind === 'sold_out' && soldOut) {
    return (
      <span className="product-tile__few" data-testid="product-sold-out">
        {t('shop.product.soldOut')}
      </span>
    );
  }
  return null;
}
