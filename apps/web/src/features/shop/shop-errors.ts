import type { MessageKey } from '../../i18n/en.js';
import type { Translate } from '../../i18n/translate.js';
import { errorCode, walletErrorMessage } from '../wallet/wallet-errors.js';

type ShopCode<Key> = Key extends `shop.error.${infer Code}` ? Code : never;

/**
 * The commerce refusals with a sentence of their own (`shop.error.<CODE>`);
 * the rest are the wallet's (PIN, balance) or the app's (validation, session),
 * which `walletErrorMessage` already knows. shop-errors.test.ts checks that
 * every code of the three commerce contracts has a sentence somewhere.
 */
export const SHOP_CODES = [
  'ADDRESS_NOT_FOUND',
  'CART_EMPTY',
  'CART_LINE_NOT_FOUND',
  'SKU_UNAVAILABLE',
  'OUT_OF_STOCK',
  'MIXED_CURRENCIES',
  'PRICE_CHANGED',
  'OWN_SHOP',
  'ORDER_NOT_FOUND',
  'ORDER_ALREADY_PAID',
  'ORDER_NOT_PAYABLE',
  'ORDER_ALREADY_SHIPPED',
  'ORDER_NOT_SHIPPABLE',
  'ORDER_NOT_DELIVERABLE',
  'ORDER_NOT_CONFIRMABLE',
  'ORDER_NOT_CANCELLABLE',
  'ORDER_NOT_REFUNDABLE',
  'REFUND_EXCEEDS_PAID',
  'REFUND_OPEN',
  'REFUND_NOT_FOUND',
  'REFUND_NOT_ANSWERABLE',
  'REFUND_NOT_DISPUTABLE',
  'DISPUTE_NOT_DECIDABLE',
  'DISPUTE_AMOUNT_INVALID',
  'UNKNOWN_ORDER_ITEM',
  'IDEMPOTENCY_KEY_REQUIRED',
  'FORBIDDEN',
  'INVALID_CURSOR',
  'SHOP_NOT_FOUND',
  'SHOP_ALREADY_OPEN',
  'NO_SHOP',
  'SHOP_NOT_VERIFIED',
  'SHOP_ALREADY_VERIFIED',
  'SHOP_NOT_PENDING',
  'CATEGORY_NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'NOT_YOUR_PRODUCT',
  'SKU_NOT_FOUND',
  'PRODUCT_INVALID_OPTIONS',
  'PRODUCT_INVALID_SKUS',
  'PRODUCT_NO_ACTIVE_SKU',
  'PRICE_RANGE_INVALID',
  'MEDIA_NOT_FOUND',
  'MEDIA_NOT_IMAGE',
  'DUPLICATE_MEDIA',
  'POST_NOT_SHOPPABLE',
  'PRODUCT_NOT_ACTIVE',
  'PRODUCT_NOT_TAGGABLE',
  'NOT_PRODUCT_OWNER',
  'COMMISSION_OUT_OF_RANGE',
  'OFFER_NOT_FOUND',
  'NOT_A_CREATOR',
  'OWN_PRODUCT',
  'STOREFRONT_NOT_FOUND',
  'LINK_NOT_FOUND',
  'ATTRIBUTION_SOURCE_INVALID',
  'ORDER_ITEM_NOT_FOUND',
  'NOT_ORDER_BUYER',
  'ORDER_NOT_COMPLETED',
  'ALREADY_REVIEWED',
  'REVIEW_MEDIA_INVALID',
  'REVIEW_NOT_FOUND',
] as const satisfies readonly ShopCode<MessageKey>[];

/** A sentence for a failed commerce request, in the user's language. */
export function shopErrorMessage(error: unknown, t: Translate): string {
  const code = errorCode(error);
  const known = SHOP_CODES.find((candidate) => candidate === code);
  return known ? t(`shop.error.${known}`) : walletErrorMessage(error, t);
}
