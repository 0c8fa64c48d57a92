import type { AffiliateProblemCode, CatalogueProblemCode, OrderProblemCode } from '@souk/contracts';
import type { MessageKey } from '../../i18n/en.js';
import type { Translate } from '../../i18n/translate.js';
import { ApiError } from '../../lib/api.js';
import { walletErrorMessage } from '../wallet/wallet-errors.js';

type SellerCode<Key> = Key extends `seller.error.${infer Code}` ? Code : never;
type CommerceCode = CatalogueProblemCode | OrderProblemCode | AffiliateProblemCode;

/**
 * The commerce refusals a seller, creator, admin or moderator can meet, each
 * with a `seller.error.<CODE>` sentence (restated: the app imports only types
 * from the contracts; the check below keeps them to the contracts' codes).
 */
const SELLER_CODES = [
  'FORBIDDEN',
  'SHOP_NOT_FOUND',
  'SHOP_ALREADY_OPEN',
  'NO_SHOP',
  'SHOP_NOT_VERIFIED',
  'SHOP_ALREADY_VERIFIED',
  'SHOP_NOT_PENDING',
  'CURRENCY_NOT_ENABLED',
  'CATEGORY_NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'NOT_YOUR_PRODUCT',
  'SKU_NOT_FOUND',
  'PRODUCT_INVALID_OPTIONS',
  'PRODUCT_INVALID_SKUS',
  'PRODUCT_NO_ACTIVE_SKU',
  'MEDIA_NOT_FOUND',
  'MEDIA_NOT_IMAGE',
  'DUPLICATE_MEDIA',
  'ORDER_NOT_FOUND',
  'ORDER_ALREADY_SHIPPED',
  'ORDER_NOT_SHIPPABLE',
  'REFUND_NOT_FOUND',
  'REFUND_NOT_ANSWERABLE',
  'DISPUTE_NOT_DECIDABLE',
  'DISPUTE_AMOUNT_INVALID',
  'REFUND_EXCEEDS_PAID',
  'PRODUCT_NOT_ACTIVE',
  'NOT_PRODUCT_OWNER',
  'COMMISSION_OUT_OF_RANGE',
  'OFFER_NOT_FOUND',
  'NOT_A_CREATOR',
  'OWN_PRODUCT',
] as const satisfies readonly (SellerCode<MessageKey> & CommerceCode)[];

/** A sentence for a failed seller-side request; other codes fall back to the wallet's and the app's messages. */
export function sellerErrorMessage(error: unknown, t: Translate): string {
  const code = error instanceof ApiError ? error.code : undefined;
  const known = SELLER_CODES.find((candidate) => candidate === code);
  return known ? t(`seller.error.${known}`) : walletErrorMessage(error, t);
}
