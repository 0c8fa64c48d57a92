import { COMMISSION_BP_MAX, COMMISSION_BP_MIN } from '@souk/contracts';
import { AppError } from '../../../platform/http/errors.js';

// Codes listed in AFFILIATE_PROBLEM_CODES (packages/contracts/src/commerce-affiliate.ts).

export class PostNotFoundError extends AppError {
  constructor() {
    super('not_found', 'POST_NOT_FOUND', 'No such post.');
  }
}

export class NotPostAuthorError extends AppError {
  constructor() {
    super('forbidden', 'NOT_POST_AUTHOR', 'Only the author can tag products on this post.');
  }
}

export class PostNotShoppableError extends AppError {
  constructor() {
    super('unprocessable', 'POST_NOT_SHOPPABLE', 'Only notes and videos carry products; tag the original instead of a repost.');
  }
}

export class ProductNotFoundError extends AppError {
  constructor(productId?: string) {
    super('not_found', 'PRODUCT_NOT_FOUND', productId ? `No such product: ${productId}.` : 'No such product.');
  }
}

export class ProductNotActiveError extends AppError {
  constructor(productId: string) {
    super('unprocessable', 'PRODUCT_NOT_ACTIVE', `Product ${productId} is not on sale.`);
  }
}

export class ProductNotTaggableError extends AppError {
  constructor(productId: string) {
    super('forbidden', 'PRODUCT_NOT_TAGGABLE', `Product ${productId} is neither your shop's nor an affiliate offer in your storefront.`);
  }
}

export class NotProductOwnerError extends AppError {
  constructor() {
    super('forbidden', 'NOT_PRODUCT_OWNER', "Only the product's shop can set its affiliate offer.");
  }
}

export class CommissionOutOfRangeError extends AppError {
  constructor() {
    super('unprocessable', 'COMMISSION_OUT_OF_RANGE', `A commission is a whole number of basis points from ${COMMISSION_BP_MIN} to ${COMMISSION_BP_MAX} (1%–50%).`);
  }
}

export class OfferNotFoundError extends AppError {
  constructor() {
    super('not_found', 'OFFER_NOT_FOUND', 'This product is not open to affiliates.');
  }
}

export class NotACreatorError extends AppError {
  constructor() {
    super('forbidden', 'NOT_A_CREATOR', 'Open a creator storefront (or have the creator role) to promote products.');
  }
}

export class OwnProductError extends AppError {
  constructor() {
    super('unprocessable', 'OWN_PRODUCT', 'This is your own product: it is in your shop already, with no commission to earn.');
  }
}

export class StorefrontNotFoundError extends AppError {
  constructor() {
    super('not_found', 'STOREFRONT_NOT_FOUND', 'No such storefront.');
  }
}

export class LinkNotFoundError extends AppError {
  constructor() {
    super('not_found', 'LINK_NOT_FOUND', 'No such affiliate link.');
  }
}

export class AttributionSourceInvalidError extends AppError {
  constructor(message = 'Give at most one of postId, storefrontOf and link.') {
    super('invalid', 'ATTRIBUTION_SOURCE_INVALID', message);
  }
}

export class OrderItemNotFoundError extends AppError {
  constructor() {
    super('not_found', 'ORDER_ITEM_NOT_FOUND', 'No such order item.');
  }
}

export class NotOrderBuyerError extends AppError {
  constructor() {
    super('forbidden', 'NOT_ORDER_BUYER', 'Only the buyer can review this item.');
  }
}

export class OrderNotCompletedError extends AppError {
  constructor() {
    super('conflict', 'ORDER_NOT_COMPLETED', 'An item can be reviewed once its order is completed.');
  }
}

export class AlreadyReviewedError extends AppError {
  constructor() {
    super('conflict', 'ALREADY_REVIEWED', 'You have already reviewed this item.');
  }
}

export class ReviewMediaInvalidError extends AppError {
  constructor() {
    super('unprocessable', 'REVIEW_MEDIA_INVALID', 'A review carries photos only.');
  }
}

export class ReviewNotFoundError extends AppError {
  constructor() {
    super('not_found', 'REVIEW_NOT_FOUND', 'This item has no review of yours.');
  }
}
