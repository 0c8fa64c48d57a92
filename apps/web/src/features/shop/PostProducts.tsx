import type { ProductCard } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Sheet } from '../../ui/Sheet.js';
import { useMoney } from '../wallet/use-wallet.js';
import { postProducts } from './post-products.js';
import { CartIcon, ShopBagIcon } from './shop-icons.js';
import { shopHref } from './shop-paths.js';
import { reportCard } from './shop.api.js';
import { StockNote } from './StockNote.js';

/** Views are reported once per post and page load. */
const viewed = new Set<string>();

function useTaggedProducts(postId: string, enabled: boolean): ProductCard[] {
  const [cards, setCards] = useState<ProductCard[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void postProducts(postId).then((found) => {
      if (!live) return;
      setCards(found);
      if (found.length > 0 && !viewed.has(postId)) {
        viewed.add(postId);
        for (const card of found) void reportCard({ productId: card.id, kind: 'view', via: card.via });
      }
    });
    return () => {
      live = false;
    };
  }, [postId, enabled]);
  return cards;
}

/**
 * The little yellow cart of a video or note (Douyin's 小黄车): the first
 * tagged product, and how many more; one product opens at once, several open
 * a sheet. Each card carries the post as its attribution (`via`).
 */
export function PostProductChip({ postId, enabled = true }: { postId: string; enabled?: boolean }) {
  const { t } = useI18n();
  const money = useMoney();
  const cards = useTaggedProducts(postId, enabled);
  const [open, setOpen] = useState(false);
  const first = cards[0];
  if (!first) return null;
  const label = (
    <>
      <span className="product-chip__cart">
        <CartIcon size={14} strokeWidth={2.2} />
      </span>
      <span className="product-chip__title">{first.title}</span>
      <span className="product-chip__price">{money(first.priceMin, first.currency)}</span>
      {cards.length > 1 && <span className="product-chip__more">+{cards.length - 1}</span>}
    </>
  );
  return (
    <>
      {cards.length === 1 ? (
        <a className="product-chip" href={shopHref.product(first.id, first.via)} onClick={(event) => event.stopPropagation()} data-testid="post-product-chip">
          {label}
        </a>
      ) : (
        <button
          type="button"
          className="product-chip"
          onClick={(event) => {
            event.stopPropagation();
            setOpen(true);
          }}
          data-testid="post-product-chip"
        >
          {label}
        </button>
      )}
      <Sheet open={open} onClose={() => setOpen(false)} title={t('shop.post.products', { count: cards.length })} testId="post-products-sheet">
        <PostProductList cards={cards} />
      </Sheet>
    </>
  );
}

/** The products of a post as rows under its text (post detail). */
export function PostProductsSection({ postId }: { postId: string }) {
  const { t } = useI18n();
  const cards = useTaggedProducts(postId, true);
  if (cards.length === 0) return null;
  return (
    <section className="card post-products" data-testid="post-products">
      <h3 className="card__title">{t('shop.post.products', { count: cards.length })}</h3>
      <PostProductList cards={cards} />
    </section>
  );
}

function PostProductList({ cards }: { cards: readonly ProductCard[] }) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <ul className="post-product-list">
      {cards.map((card) => (
        <li key={card.id}>
          <a className="post-product" href={shopHref.product(card.id, card.via)} data-testid="post-product">
            <span className="line-thumb">{card.imageUrl ? <img src={card.imageUrl} alt="" loading="lazy" /> : <ShopBagIcon size={24} />}</span>
            <span className="post-product__body">
              <span className="post-product__title">{card.title}</span>
              <span className="post-product__shop">{card.shopName}</span>
              <span className="post-product__price">{money(card.priceMin, card.currency)}</span>
              <StockNote stock={card.stock} soldOut />
            </span>
            <span className="button button--primary button--sm post-product__buy">
              <span>{t('shop.post.buy')}</span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
