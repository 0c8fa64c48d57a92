import { describe, expect, it } from 'vitest';
import { listQueryFrom, shopHref, viaFromSearch } from './shop-paths.js';

const searchOf = (href: string) => new URL(href, 'https://souk.test').searchParams;

describe('shop links', () => {
  it('carry where a product was met through the product page URL and back', () => {
    const href = shopHref.product('prd_1', { postId: 'pst_9', link: 'k7' });
    expect(href).toBe('/product/prd_1?post=pst_9&link=k7');
    expect(viaFromSearch(searchOf(href))).toEqual({ postId: 'pst_9', link: 'k7' });
    expect(viaFromSearch(searchOf(shopHref.product('prd_1')))).toBeUndefined();
  });

  it('keep list filters in the URL, dropping what the server would refuse', () => {
    const href = shopHref.category('women', { q: 'robe été', sort: 'price_asc', min: 1000, max: 5000 });
    expect(listQueryFrom(searchOf(href))).toEqual({ q: 'robe été', sort: 'price_asc', min: 1000, max: 5000 });
    expect(listQueryFrom(searchOf('/shop/search?sort=cheapest&min=-5&max=12.5'))).toEqual({ q: undefined, sort: undefined, min: undefined, max: undefined });
  });
});
