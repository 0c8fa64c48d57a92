import type { AttributionVia, ProductSort } from '@souk/contracts';

const segment = encodeURIComponent;

export interface ListQuery {
  q?: string | undefined;
  sort?: ProductSort | undefined;
  /** Minor units. */
  min?: number | undefined;
  max?: number | undefined;
}

function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Where a buyer met a product travels in the product page's URL (post, sf,
 * link), so a reload or a shared link keeps the creator's attribution until
 * the SKU goes into the cart with it.
 */
export function viaToQuery(via: AttributionVia | undefined): Record<string, string | undefined> {
  return { post: via?.postId, sf: via?.storefrontOf, link: via?.link };
}

export function viaFromSearch(search: URLSearchParams): AttributionVia | undefined {
  const via: AttributionVia = {};
  const postId = search.get('post');
  const storefrontOf = search.get('sf');
  const link = search.get('link');
  if (postId) via.postId = postId;
  if (storefrontOf) via.storefrontOf = storefrontOf;
  if (link) via.link = link;
  return Object.keys(via).length > 0 ? via : undefined;
}

/** Every link of the shop screens is built here. */
export const shopHref = {
  home: '/shop',
  search: (list: ListQuery = {}) => `/shop/search${query({ q: list.q, sort: list.sort, min: list.min, max: list.max })}`,
  category: (slug: string, list: ListQuery = {}) => `/shop/c/${segment(slug)}${query({ q: list.q, sort: list.sort, min: list.min, max: list.max })}`,
  product: (id: string, via?: AttributionVia) => `/product/${segment(id)}${query(viaToQuery(via))}`,
  shop: (id: string) => `/store/${segment(id)}`,
  storefront: (handle: string) => `/s/${segment(handle)}`,
  cart: '/cart',
  checkout: '/checkout',
  orders: (status?: string) => `/orders${query({ status })}`,
  order: (id: string) => `/orders/${segment(id)}`,
};

export const PRODUCT_SORTS = ['relevance', 'newest', 'sales', 'price_asc', 'price_desc'] as const satisfies readonly ProductSort[];

function numberParam(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** A list's query as the URL carries it; unknown values are dropped rather than sent to the server to be refused. */
export function listQueryFrom(search: URLSearchParams): ListQuery {
  const sort = PRODUCT_SORTS.find((candidate) => candidate === search.get('sort'));
  return { q: search.get('q') ?? undefined, sort, min: numberParam(search.get('min')), max: numberParam(search.get('max')) };
}
