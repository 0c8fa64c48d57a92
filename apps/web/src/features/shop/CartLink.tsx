import { useT } from '../../i18n/I18nProvider.js';
import { CartIcon } from './shop-icons.js';
import { shopHref } from './shop-paths.js';

/** The cart, from any shop screen's top bar. */
export function CartLink() {
  const t = useT();
  return (
    <a className="icon-button" href={shopHref.cart} aria-label={t('shop.cart.title')} data-testid="cart-link">
      <CartIcon />
    </a>
  );
}
