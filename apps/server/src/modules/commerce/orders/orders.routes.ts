import { Type } from 'typebox';
import {
  Address,
  AddressBody,
  AddressList,
  CancelBody,
  Cart,
  CartLineBody,
  CartQuantityBody,
  CheckoutBody,
  CheckoutResult,
  DisputeBody,
  DisputeDecisionBody,
  DisputePage,
  Order,
  OrderPage,
  OrderQuery,
  OrderRefund,
  PayOrderBody,
  RefundAnswerBody,
  RefundRequestBody,
  ShipBody,
} from '@souk/contracts';
import { requireActor } from '../../../platform/http/auth.js';
import { idempotencyKeyOf } from '../../../platform/http/idempotency.js';
import { NoContent, problemResponses } from '../../../platform/http/schemas.js';
import type { SoukApp } from '../../../platform/http/types.js';
import { sendIdempotent } from '../../wallet/wallet.routes.js';
import type { OrdersService } from './orders.service.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const SkuParams = Type.Object({ skuId: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Required: 1–255 printable ASCII characters; a retry with the same key replays the first response.' })) });
const PageQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);

export async function ordersRoutes(app: SoukApp, orders: OrdersService): Promise<void> {
  const user = { config: { auth: 'required' as const } };
  const tags = ['commerce'];

  // ---- Address book
  app.get('/api/addresses', { ...user, schema: { tags, summary: 'My address book', response: { 200: AddressList, ...problemResponses(401) } } }, async (request) => ({
    items: await orders.addresses(requireActor(request).userId),
  }));
  app.post(
    '/api/addresses',
    { ...user, schema: { tags, summary: 'Add an address (the first one, or isDefault, becomes the default)', body: AddressBody, response: { 201: Address, ...problemResponses(400, 401) } } },
    async (request, reply) => reply.code(201).send(await orders.addAddress(requireActor(request).userId, request.body)),
  );
  app.put(
    '/api/addresses/:id',
    { ...user, schema: { tags, summary: 'Change an address', params: IdParams, body: AddressBody, response: { 200: Address, ...problemResponses(400, 401, 404) } } },
    async (request) => orders.updateAddress(requireActor(request).userId, request.params.id, request.body),
  );
  app.delete(
    '/api/addresses/:id',
    { ...user, schema: { tags, summary: 'Remove an address (orders keep their copy)', params: IdParams, response: { 204: NoContent, ...problemResponses(401, 404) } } },
    async (request, reply) => {
      await orders.deleteAddress(requireActor(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- Cart
  app.get('/api/cart', { ...user, schema: { tags, summary: 'My cart, grouped by shop, at the server’s prices', response: { 200: Cart, ...problemResponses(401) } } }, async (request) =>
    orders.cart(requireActor(request).userId),
  );
  app.post(
    '/api/cart/lines',
    { ...user, schema: { tags, summary: 'Put a SKU in the cart (quantities add up, at most 99)', body: CartLineBody, response: { 200: Cart, ...problemResponses(400, 401, 422) } } },
    async (request) => orders.addToCart(requireActor(request).userId, request.body),
  );
  app.put(
    '/api/cart/lines/:skuId',
    { ...user, schema: { tags, summary: 'Set a cart line’s quantity', params: SkuParams, body: CartQuantityBody, response: { 200: Cart, ...problemResponses(400, 401, 404) } } },
    async (request) => orders.setCartQuantity(requireActor(request).userId, request.params.skuId, request.body.quantity),
  );
  app.delete(
    '/api/cart/lines/:skuId',
    { ...user, schema: { tags, summary: 'Take a SKU out of the cart', params: SkuParams, response: { 200: Cart, ...problemResponses(401, 404) } } },
    async (request) => orders.removeFromCart(requireActor(request).userId, request.params.skuId),
  );

  // ---- Checkout and payment
  app.post(
    '/api/checkout',
    {
      ...user,
      schema: {
        tags,
        summary: 'Buy the cart (or the given lines): one order per shop, paid into escrow from the wallet when it holds the total',
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: CheckoutResult, ...problemResponses(400, 401, 403, 404, 409, 422, 423) },
      },
    },
    async (request, reply) => sendIdempotent(reply, await orders.checkout(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );
  app.post(
    '/api/orders/:id/pay',
    {
      ...user,
      schema: { tags, summary: 'Pay an order awaiting payment', headers: IdempotencyHeaders, params: IdParams, body: PayOrderBody, response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422, 423) } },
    },
    async (request, reply) =>
      sendIdempotent(reply, await orders.pay(requireActor(request).userId, request.params.id, request.body?.pin, idempotencyKeyOf(request.headers))),
  );

  // ---- Orders
  app.get('/api/orders', { ...user, schema: { tags, summary: 'My orders as buyer (default) or as seller, newest first; by status, or with a refund in a given state (the seller’s refunds to answer: as=seller&refund=open)', querystring: OrderQuery, response: { 200: OrderPage, ...problemResponses(400, 401) } } }, async (request) =>
    orders.list(requireActor(request).userId, request.query),
  );
  app.get(
    '/api/orders/:id',
    { ...user, schema: { tags, summary: 'One order of mine (as buyer or seller); moderators: an order one of whose refunds went to a moderator', params: IdParams, response: { 200: Order, ...problemResponses(401, 404) } } },
    async (request) => orders.get(requireActor(request), request.params.id),
  );
  app.post(
    '/api/orders/:id/ship',
    { ...user, schema: { tags, summary: 'Seller: ship a paid order (carrier and tracking number)', params: IdParams, body: ShipBody, response: { 200: Order, ...problemResponses(400, 401, 404, 409) } } },
    async (request) => orders.ship(requireActor(request).userId, request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/deliver',
    { ...user, schema: { tags, summary: 'Seller: mark a shipped order delivered (auto-completion counts from here)', params: IdParams, response: { 200: Order, ...problemResponses(401, 404, 409) } } },
    async (request) => orders.deliver(requireActor(request).userId, request.params.id),
  );
  app.post(
    '/api/orders/:id/confirm',
    { ...user, schema: { tags, summary: 'Buyer: confirm receipt (completes the order, releases the escrow)', params: IdParams, response: { 200: Order, ...problemResponses(401, 404, 409) } } },
    async (request) => orders.confirm(requireActor(request).userId, request.params.id),
  );
  app.post(
    '/api/orders/:id/cancel',
    { ...user, schema: { tags, summary: 'Buyer: cancel before shipping (full refund, stock back)', params: IdParams, body: Type.Optional(CancelBody), response: { 200: Order, ...problemResponses(400, 401, 404, 409) } } },
    async (request) => orders.cancel(requireActor(request).userId, request.params.id, request.body?.reason),
  );

  // ---- Refunds and disputes
  app.post(
    '/api/orders/:id/refunds',
    { ...user, schema: { tags, summary: 'Buyer: ask for a refund (the seller answers within the refund window)', params: IdParams, body: RefundRequestBody, response: { 201: OrderRefund, ...problemResponses(400, 401, 404, 409, 422) } } },
    async (request, reply) => reply.code(201).send(await orders.requestRefund(requireActor(request).userId, request.params.id, request.body)),
  );
  app.post(
    '/api/refunds/:id/answer',
    { ...user, schema: { tags, summary: 'Seller: accept (money goes back now) or refuse a refund request', params: IdParams, body: RefundAnswerBody, response: { 200: OrderRefund, ...problemResponses(400, 401, 404, 409, 422) } } },
    async (request) => orders.answerRefund(requireActor(request).userId, request.params.id, request.body.accept, request.body.note),
  );
  app.post(
    '/api/refunds/:id/dispute',
    { ...user, schema: { tags, summary: 'Buyer: take a refused refund to a moderator', params: IdParams, body: Type.Optional(DisputeBody), response: { 200: OrderRefund, ...problemResponses(400, 401, 404, 409) } } },
    async (request) => orders.escalate(requireActor(request).userId, request.params.id, request.body?.note),
  );
  app.get(
    '/api/disputes',
    { config: { auth: 'required', roles: ['moderator', 'admin'] }, schema: { tags, summary: 'Moderators: open disputes, oldest first', querystring: PageQuery, response: { 200: DisputePage, ...problemResponses(400, 401, 403) } } },
    async (request) => orders.disputes(request.query.cursor, request.query.limit ?? 20),
  );
  app.post(
    '/api/disputes/:id/decision',
    {
      config: { auth: 'required', roles: ['moderator', 'admin'] },
      schema: { tags, summary: 'Moderators: decide a dispute (full, partial or no refund)', params: IdParams, body: DisputeDecisionBody, response: { 200: OrderRefund, ...problemResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => orders.decide(requireActor(request).userId, request.params.id, request.body),
  );
}
