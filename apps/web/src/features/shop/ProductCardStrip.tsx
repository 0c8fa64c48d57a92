import type { ProductCard } from '@souk/contracts';
import { useMoney } from '../wallet/use-wallet.js';
import { ShopBagIcon } from './shop-icons.js';
import { shopHref } from './shop-paths.js';
import { tileClass } from './ProductGrid.js';
import { SoldOutBadge, StockNote } from './StockNote.js';

/** Product cards as a storefront or a post shows them: each opens the product with the attribution it carries (`via`). */
export function ProductCardGrid({ cards, testId }: { cards: readonly ProductCard[]; testId?: string }) {
  const money = useMoney();
  return (
    <ul className="product-grid" data-testid={testId}>
      {cards.map((card) => (
        <li key={card.id}>
          <a className={tileClass(card.stock)} href={shopHref.product(card.id, card.via)} data-testid="product-tile" data-product-id={card.id}>
            <span className="product-tile__image">
              {card.imageUrl ? <img src={card.imageUrl} alt="" loading="lazy" /> : <ShopBagIcon size={36} />}
              <SoldOutBadge stock={card.stock} />
            </span>
            <span className="product-tile__body">
              <span className="product-tile__title">{card.title}</span>
              <span className="product-tile__price">{money(card.priceMin, card.currency)}</span>
              <span className="product-tile__meta">
                <StockNote stock={card.stock} />
              </span>
              <span className="product-tile__shop">{card.shopName}</span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
