import { AppError } from '../../../platform/http/errors.js';

export class AddressNotFoundError extends AppError {
  constructor() {
    super('not_found', 'ADDRESS_NOT_FOUND', 'No such address in your address book.');
  }
}

export class CartEmptyError extends AppError {
  constructor() {
    super('unprocessable', 'CART_EMPTY', 'There is nothing to buy: the cart is empty.');
  }
}

export class CartLineNotFoundError extends AppError {
  constructor() {
    super('not_found', 'CART_LINE_NOT_FOUND', 'This SKU is not in your cart.');
  }
}

export class SkuUnavailableError extends AppError {
  constructor(readonly skuId: string) {
    super('unprocessable', 'SKU_UNAVAILABLE', `SKU ${skuId} does not exist or is not for sale.`);
  }
}

export class OutOfStockError extends AppError {
  constructor(readonly skuId: string) {
    super('conflict', 'OUT_OF_STOCK', `Not enough stock of SKU ${skuId}; nothing was reserved.`);
  }
}

export class MixedCurrenciesError extends AppError {
  constructor() {
    super('unprocessable', 'MIXED_CURRENCIES', 'One checkout pays in one currency; buy these lines separately.');
  }
}

export class OwnShopError extends AppError {
  constructor() {
    super('unprocessable', 'OWN_SHOP', 'You cannot buy from your own shop.');
  }
}

export class OrderNotFoundError extends AppError {
  constructor() {
    super('not_found', 'ORDER_NOT_FOUND', 'No such order of yours.');
  }
}

export class OrderAlreadyPaidError extends AppError {
  constructor() {
    super('conflict', 'ORDER_ALREADY_PAID', 'This order is already paid; nothing was charged.');
  }
}

export class OrderNotPayableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_PAYABLE', `This order is ${status} and can no longer be paid.`);
  }
}

export class OrderAlreadyShippedError extends AppError {
  constructor() {
    super('conflict', 'ORDER_ALREADY_SHIPPED', 'This order has already been shipped.');
  }
}

export class OrderNotShippableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_SHIPPABLE', `This order is ${status}; only a paid order can be shipped.`);
  }
}

export class OrderNotDeliverableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_DELIVERABLE', `This order is ${status}; only a shipped order can be marked delivered.`);
  }
}

export class OrderNotConfirmableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_CONFIRMABLE', `This order is ${status}; receipt is confirmed once it has been shipped.`);
  }
}

export class OrderNotCancellableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_CANCELLABLE', `This order is ${status}; an order can be cancelled only before it ships (ask for a refund instead).`);
  }
}

export class OrderNotRefundableError extends AppError {
  constructor(status: string) {
    super('conflict', 'ORDER_NOT_REFUNDABLE', `This order is ${status}; refunds are asked for paid, shipped or delivered orders.`);
  }
}

export class RefundExceedsPaidError extends AppError {
  constructor(refundable: number) {
    super('unprocessable', 'REFUND_EXCEEDS_PAID', `At most ${refundable} minor units of this order can still be refunded.`);
  }
}

export class RefundOpenError extends AppError {
  constructor() {
    super('conflict', 'REFUND_OPEN', 'A refund request of this order is still open.');
  }
}

export class RefundNotFoundError extends AppError {
  constructor() {
    super('not_found', 'REFUND_NOT_FOUND', 'No such refund request.');
  }
}

export class RefundNotAnswerableError extends AppError {
  constructor(status: string) {
    super('conflict', 'REFUND_NOT_ANSWERABLE', `This refund request is ${status}; it has already been answered.`);
  }
}

export class RefundNotDisputableError extends AppError {
  constructor(status: string) {
    super('conflict', 'REFUND_NOT_DISPUTABLE', `This refund request is ${status}; only a refused request can go to a moderator.`);
  }
}

export class DisputeNotDecidableError extends AppError {
  constructor(status: string) {
    super('conflict', 'DISPUTE_NOT_DECIDABLE', `This refund request is ${status}, not in dispute.`);
  }
}

export class DisputeAmountInvalidError extends AppError {
  constructor(asked: number) {
    super('unprocessable', 'DISPUTE_AMOUNT_INVALID', `A partial decision gives back an amount between 1 and ${asked - 1} minor units.`);
  }
}

export class UnknownOrderItemError extends AppError {
  constructor(itemId: string) {
    super('unprocessable', 'UNKNOWN_ORDER_ITEM', `Item ${itemId} is not part of this order.`);
  }
}
