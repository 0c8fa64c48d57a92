import type { Problem } from '@souk/contracts';
import { AppError } from '../../../platform/http/errors.js';

export class ShopNotFoundError extends AppError {
  constructor() {
    super('not_found', 'SHOP_NOT_FOUND', 'No such shop.');
  }
}

export class ShopAlreadyOpenError extends AppError {
  constructor() {
    super('conflict', 'SHOP_ALREADY_OPEN', 'You already have a shop; each account has one.');
  }
}

export class NoShopError extends AppError {
  constructor() {
    super('not_found', 'NO_SHOP', 'You have not opened a shop yet.');
  }
}

export class ShopNotVerifiedError extends AppError {
  constructor() {
    super('conflict', 'SHOP_NOT_VERIFIED', 'A brand shop sells once an admin has verified its trader details.');
  }
}

export class ShopAlreadyVerifiedError extends AppError {
  constructor() {
    super('conflict', 'SHOP_ALREADY_VERIFIED', 'Your trader details are verified; contact support to change them.');
  }
}

export class ShopNotPendingError extends AppError {
  constructor() {
    super('conflict', 'SHOP_NOT_PENDING', 'This shop has no trader details awaiting verification.');
  }
}

export class ShopCurrencyNotEnabledError extends AppError {
  constructor(currency: string) {
    super('unprocessable', 'CURRENCY_NOT_ENABLED', `This Souk does not trade in ${currency}.`);
  }
}

export class CategoryNotFoundError extends AppError {
  constructor() {
    super('not_found', 'CATEGORY_NOT_FOUND', 'No such category.');
  }
}

export class ProductNotFoundError extends AppError {
  constructor() {
    super('not_found', 'PRODUCT_NOT_FOUND', 'No such product.');
  }
}

export class NotYourProductError extends AppError {
  constructor() {
    super('forbidden', 'NOT_YOUR_PRODUCT', 'This product belongs to another shop.');
  }
}

export class SkuNotFoundError extends AppError {
  constructor() {
    super('not_found', 'SKU_NOT_FOUND', 'No such SKU on this product.');
  }
}

export class InvalidOptionsError extends AppError {
  constructor(errors: Problem['errors']) {
    super('unprocessable', 'PRODUCT_INVALID_OPTIONS', 'The product options are not valid.', { errors });
  }
}

export class InvalidSkusError extends AppError {
  constructor(errors: Problem['errors']) {
    super('unprocessable', 'PRODUCT_INVALID_SKUS', 'The SKUs do not match the options.', { errors });
  }
}

export class NoActiveSkuError extends AppError {
  constructor() {
    super('unprocessable', 'PRODUCT_NO_ACTIVE_SKU', 'A product needs at least one active SKU.');
  }
}

export class PriceRangeInvalidError extends AppError {
  constructor() {
    super('invalid', 'PRICE_RANGE_INVALID', 'The lowest price is above the highest.');
  }
}

export class MediaNotImageError extends AppError {
  constructor(id: string) {
    super('unprocessable', 'MEDIA_NOT_IMAGE', `Media ${id} is not an image.`);
  }
}
