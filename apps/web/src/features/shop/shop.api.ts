import type {
  Address,
  AddressBody,
  AddressList,
  AffiliateLink,
  Cart,
  CartLineBody,
  CategoryTree,
  CheckoutBody,
  CheckoutResult,
  ClickBody,
  Order,
  OrderPage,
  OrderRefund,
  OrderStatus,
  PostProductsList,
  Product,
  ProductPage,
  ProductSort,
  RefundRequestBody,
  Review,
  ReviewBody,
  ReviewPage,
  ReviewPatch,
  Shop,
  Storefront,
} from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

// The buyer's side of the commerce API: catalogue, cart and orders, storefronts and reviews.

const id = encodeURIComponent;
/** The header of every money-moving POST; the same key on a retry means "the same request". */
const idempotent = (key: string) => ({ 'Idempotency-Key': key });

export const PRODUCTS_PAGE_SIZE = 20;

export interface ProductFilters {
  q?: string | undefined;
  category?: string | undefined;
  shop?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  sort?: ProductSort | undefined;
}

export const fetchCategories = (signal?: AbortSignal) => api.get<CategoryTree>('/api/categories', signal);
export const fetchProducts = (filters: ProductFilters, cursor?: string, signal?: AbortSignal, limit = PRODUCTS_PAGE_SIZE) =>
  api.get<ProductPage>(withQuery('/api/products', { ...filters, q: filters.q || undefined, cursor, limit }), signal);
export const fetchProduct = (productId: string, signal?: AbortSignal) => api.get<Product>(`/api/products/${id(productId)}`, signal);
export const fetchShop = (shopId: string, signal?: AbortSignal) => api.get<Shop>(`/api/shops/${id(shopId)}`, signal);

export const fetchReviews = (productId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<ReviewPage>(withQuery(`/api/products/${id(productId)}/reviews`, { cursor }), signal);
export const postReview = (orderId: string, itemId: string, body: ReviewBody) =>
  api.post<Review>(`/api/orders/${id(orderId)}/items/${id(itemId)}/review`, body);
/** My review of an item, to edit it. */
export const fetchMyReview = (orderId: string, itemId: string, signal?: AbortSignal) => api.get<Review>(`/api/orders/${id(orderId)}/items/${id(itemId)}/review`, signal);
export const editReview = (orderId: string, itemId: string, patch: ReviewPatch) => api.patch<Review>(`/api/orders/${id(orderId)}/items/${id(itemId)}/review`, patch);
export const deleteReview = (orderId: string, itemId: string) => api.delete<void>(`/api/orders/${id(orderId)}/items/${id(itemId)}/review`);

export const fetchStorefront = (user: string, signal?: AbortSignal) => api.get<Storefront>(`/api/storefronts/${id(user)}`, signal);
export const openAffiliateLink = (code: string, signal?: AbortSignal) => api.get<AffiliateLink>(`/api/affiliate/links/${id(code)}`, signal);
export const fetchPostProducts = (postIds: readonly string[], signal?: AbortSignal) =>
  api.get<PostProductsList>(withQuery('/api/posts/products', { ids: postIds.join(',') }), signal);
/** Views and opens of product cards, for the creator's dashboard; best effort, never blocks the screen. */
export const reportCard = (body: ClickBody) => api.post<unknown>('/api/affiliate/clicks', body, undefined, { keepalive: true }).catch(() => undefined);

export const fetchAddresses = (signal?: AbortSignal) => api.get<AddressList>('/api/addresses', signal);
export const addAddress = (body: AddressBody) => api.post<Address>('/api/addresses', body);

export const fetchCart = (signal?: AbortSignal) => api.get<Cart>('/api/cart', signal);
export const addToCart = (body: CartLineBody) => api.post<Cart>('/api/cart/lines', body);
export const setCartQuantity = (skuId: string, quantity: number) => api.put<Cart>(`/api/cart/lines/${id(skuId)}`, { quantity });
export const removeCartLine = (skuId: string) => api.delete<Cart>(`/api/cart/lines/${id(skuId)}`);

export const checkout = (body: CheckoutBody, key: string) => api.post<CheckoutResult>('/api/checkout', body, idempotent(key));
export const payOrder = (orderId: string, pin: string | undefined, key: string) =>
  api.post<Order>(`/api/orders/${id(orderId)}/pay`, pin ? { pin } : {}, idempotent(key));

export const fetchOrders = (status: OrderStatus | undefined, cursor?: string, signal?: AbortSignal) =>
  api.get<OrderPage>(withQuery('/api/orders', { as: 'buyer', status, cursor }), signal);
export const fetchOrder = (orderId: string, signal?: AbortSignal) => api.get<Order>(`/api/orders/${id(orderId)}`, signal);
export const confirmReceipt = (orderId: string) => api.post<Order>(`/api/orders/${id(orderId)}/confirm`);
export const cancelOrder = (orderId: string, reason?: string) => api.post<Order>(`/api/orders/${id(orderId)}/cancel`, reason ? { reason } : {});
export const requestRefund = (orderId: string, body: RefundRequestBody) => api.post<OrderRefund>(`/api/orders/${id(orderId)}/refunds`, body);
export const disputeRefund = (refundId: string) => api.post<OrderRefund>(`/api/refunds/${id(refundId)}/dispute`, {});
