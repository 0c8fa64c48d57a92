import type {
  AdminShop,
  AdminShopPage,
  AffiliateDashboard,
  AffiliateLink,
  CategoryTree,
  DisputeDecisionBody,
  DisputePage,
  LinkBody,
  MyOfferPage,
  MyShop,
  Offer,
  OfferBody,
  OfferPage,
  OfferSort,
  Order,
  OrderPage,
  OrderQuery,
  OrderRefund,
  Product,
  ProductBody,
  ProductPage,
  ProductPatch,
  ProductStatus,
  RefundAnswerBody,
  ShipBody,
  ShopBody,
  ShopPatch,
  ShopVerificationBody,
  TraderDetailsBody,
} from '@souk/contracts';
import { api, ApiError, withQuery } from '../../lib/api.js';

const id = encodeURIComponent;

// ---- My shop

/** My shop, or null when I have not opened one (the API answers NO_SHOP). */
export async function fetchMyShop(signal?: AbortSignal): Promise<MyShop | null> {
  try {
    return await api.get<MyShop>('/api/shops/mine', signal);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'NO_SHOP' || error.status === 404)) return null;
    throw error;
  }
}
export const openShop = (body: ShopBody) => api.post<MyShop>('/api/shops', body);
export const updateShop = (patch: ShopPatch) => api.patch<MyShop>('/api/shops/mine', patch);
export const submitTraderDetails = (body: TraderDetailsBody) => api.post<MyShop>('/api/shops/mine/trader-details', body);

// ---- Catalogue

export const fetchCategories = (signal?: AbortSignal) => api.get<CategoryTree>('/api/categories', signal);
export const fetchMyProducts = (status: ProductStatus | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<ProductPage>(withQuery('/api/shops/mine/products', { status, cursor }), signal);
export const fetchProduct = (productId: string, signal?: AbortSignal) => api.get<Product>(`/api/products/${id(productId)}`, signal);
export const createProduct = (body: ProductBody) => api.post<Product>('/api/shops/mine/products', body);
export const updateProduct = (productId: string, patch: ProductPatch) => api.patch<Product>(`/api/products/${id(productId)}`, patch);
export const setSkuStock = (productId: string, skuId: string, stock: number) =>
  api.put<Product>(`/api/products/${id(productId)}/skus/${id(skuId)}/stock`, { stock });

// ---- Admin

export const fetchShopsToVerify = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<AdminShopPage>(withQuery('/api/admin/shops', { verification: 'pending', cursor }), signal);
export const decideVerification = (shopId: string, body: ShopVerificationBody) =>
  api.post<AdminShop>(`/api/admin/shops/${id(shopId)}/verification`, body);

// ---- Orders, refunds, disputes

/** The shop's orders in a status, or with a refund not settled yet (`refund: 'open'`, the refunds tab). */
export const fetchShopOrders = (filter: Pick<OrderQuery, 'status' | 'refund'>, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<OrderPage>(withQuery('/api/orders', { as: 'seller', ...filter, cursor }), signal);
export const shipOrder = (orderId: string, body: ShipBody) => api.post<Order>(`/api/orders/${id(orderId)}/ship`, body);
export const markDelivered = (orderId: string) => api.post<Order>(`/api/orders/${id(orderId)}/deliver`);
export const answerRefund = (refundId: string, body: RefundAnswerBody) => api.post<OrderRefund>(`/api/refunds/${id(refundId)}/answer`, body);
export const fetchDisputes = (cursor: string | undefined, signal?: AbortSignal) => api.get<DisputePage>(withQuery('/api/disputes', { cursor }), signal);
export const decideDispute = (refundId: string, body: DisputeDecisionBody) => api.post<OrderRefund>(`/api/disputes/${id(refundId)}/decision`, body);

// ---- Affiliate

export const fetchOffer = (productId: string, signal?: AbortSignal) => api.get<Offer>(`/api/products/${id(productId)}/affiliate`, signal);
export const openOffer = (productId: string, body: OfferBody) => api.put<Offer>(`/api/products/${id(productId)}/affiliate`, body);
/** Closes it to new affiliate sales; orders already attributed keep their commission. */
export const closeOffer = (productId: string) => api.delete<void>(`/api/products/${id(productId)}/affiliate`);
/** `category`: an id; its sub-categories are included. */
export const fetchOffers = (sort: OfferSort, category: string | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<OfferPage>(withQuery('/api/affiliate/offers', { sort, category, cursor }), signal);
/** My shop's open offers with what creators sold of each. */
export const fetchMyOffers = (cursor: string | undefined, signal?: AbortSignal) => api.get<MyOfferPage>(withQuery('/api/affiliate/offers/mine', { cursor }), signal);
export const addToStorefront = (productId: string) => api.post<Offer>(`/api/storefront/products/${id(productId)}`);
export const createLink = (body: LinkBody) => api.post<AffiliateLink>('/api/affiliate/links', body);
export const fetchCreatorDashboard = (signal?: AbortSignal) => api.get<AffiliateDashboard>('/api/affiliate/dashboard', signal);
export const fetchBrandDashboard = (signal?: AbortSignal) => api.get<AffiliateDashboard>('/api/affiliate/brand-dashboard', signal);

/**
 * The address a creator shares: the buyer's app opens the link's product
 * (GET /api/affiliate/links/:code) and checks out with `via.link`.
 */
export const affiliateLinkUrl = (code: string) => `${window.location.origin}/l/${id(code)}`;
