import type {
  AdminShop,
  AdminShopPage,
  CategoryTree,
  MyShop,
  Product,
  ProductBody,
  ProductPage,
  ProductPatch,
  ProductStatus,
  ShopBody,
  ShopPatch,
  ShopVerificationBody,
  Sku,
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
  api.put<Sku>(`/api/products/${id(productId)}/skus/${id(skuId)}/stock`, { stock });

// ---- Admin

export const fetchShopsToVerify = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<AdminShopPage>(withQuery('/api/admin/shops', { verification: 'pending', cursor }), signal);
export const decideVerification = (shopId: string, body: ShopVerificationBody) =>
  api.post<AdminShop>(`/api/admin/shops/${id(shopId)}/verification`, body);
