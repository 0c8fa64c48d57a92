import { Type } from 'typebox';
import {
  ChargeBody,
  MerchantCode,
  MerchantCodeBody,
  MerchantSummary,
  PayCodeBody,
  PayCodeDevice,
  Payment,
  PaymentPage,
  PayoutBody,
  Pin,
  Refund,
  RefundBody,
  WalletTransaction,
} from '@souk/contracts';
import type { FastifyReply } from 'fastify';
import { requireActor } from '../../platform/http/auth.js';
import { idempotencyKeyOf } from '../../platform/http/idempotency.js';
import { NoContent, problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { Wallet } from './wallet.js';
import { sendIdempotent } from './wallet.routes.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Required: 1–255 printable ASCII characters; a retry with the same key replays the first response.' })) });
const PaymentQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
  { additionalProperties: false },
);
const DeviceBody = Type.Object({ pin: Pin }, { additionalProperties: false });
const file = (description: string) => Type.Unsafe<unknown>({ type: 'string', format: 'binary', description });

/** The code never changes once made, but only its owner may fetch it: cached by their browser, not by proxies. */
function sendFile(reply: FastifyReply, contentType: string, filename: string, body: Buffer): FastifyReply {
  return reply.type(contentType).header('cache-control', 'private, max-age=3600').header('content-disposition', `inline; filename="${filename}"`).send(body);
}

/** Merchant payments: codes and their prints, paying and charging, refunds, payouts, pay-code devices. */
export async function merchantRoutes(app: SoukApp, wallet: Wallet): Promise<void> {
  const { merchant } = wallet;
  const auth = { auth: 'required' } as const;
  const money = (summary: string) => ({ tags: ['wallet'], summary, headers: IdempotencyHeaders });

  app.get(
    '/api/wallet/merchant',
    {
      config: auth,
      schema: {
        tags: ['wallet'],
        summary: 'My till: settlement balances and a static code per enabled currency (made on the first visit)',
        response: { 200: MerchantSummary, ...problemResponses(401) },
      },
    },
    async (request) => merchant.summary(requireActor(request).userId),
  );

  app.post(
    '/api/wallet/merchant/codes',
    {
      config: auth,
      schema: {
        tags: ['wallet'],
        summary: 'Make a code: with an amount a dynamic one (one sale, expires, 15 minutes by default), without another static one',
        body: MerchantCodeBody,
        response: { 201: MerchantCode, ...problemResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await merchant.createCode(requireActor(request).userId, request.body)),
  );

  app.get(
    '/api/wallet/merchant/codes/:id/qr.png',
    { config: auth, schema: { tags: ['wallet'], summary: 'One of my codes as a PNG QR image', params: IdParams, response: { 200: file('image/png'), ...problemResponses(401, 404) } } },
    async (request, reply) => sendFile(reply, 'image/png', `souk-${request.params.id}.png`, await merchant.png(requireActor(request).userId, request.params.id)),
  );

  app.get(
    '/api/wallet/merchant/codes/:id/qr.svg',
    { config: auth, schema: { tags: ['wallet'], summary: 'One of my codes as an SVG QR image', params: IdParams, response: { 200: file('image/svg+xml'), ...problemResponses(401, 404) } } },
    async (request, reply) =>
      sendFile(reply, 'image/svg+xml; charset=utf-8', `souk-${request.params.id}.svg`, Buffer.from(await merchant.svg(requireActor(request).userId, request.params.id))),
  );

  app.get(
    '/api/wallet/merchant/codes/:id/poster.pdf',
    {
      config: auth,
      schema: {
        tags: ['wallet'],
        summary: 'One of my codes as a printable A6 poster (my name, the amount of a dynamic code, "Scan with Souk" in English, French and Chinese)',
        params: IdParams,
        response: { 200: file('application/pdf'), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => sendFile(reply, 'application/pdf', `souk-${request.params.id}.pdf`, await merchant.poster(requireActor(request).userId, request.params.id)),
  );

  app.post(
    '/api/wallet/payments',
    {
      config: auth,
      schema: {
        ...money('Pay a scanned Souk merchant code (the payment PIN is always needed)'),
        body: PayCodeBody,
        response: { 201: Payment, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 415, 422, 423) },
      },
    },
    async (request, reply) => sendIdempotent(reply, await merchant.pay(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.get(
    '/api/wallet/payments/:id',
    { config: auth, schema: { tags: ['wallet'], summary: 'A payment I made or took', params: IdParams, response: { 200: Payment, ...problemResponses(401, 404) } } },
    async (request) => merchant.getPayment(requireActor(request).userId, request.params.id),
  );

  app.get(
    '/api/wallet/merchant/payments',
    { config: auth, schema: { tags: ['wallet'], summary: 'Payments to my till, newest first', querystring: PaymentQuery, response: { 200: PaymentPage, ...problemResponses(400, 401) } } },
    async (request) => merchant.payments(requireActor(request).userId, request.query),
  );

  app.post(
    '/api/wallet/payments/:id/refunds',
    {
      config: auth,
      schema: {
        ...money('Refund a payment I took, in full or in part (never more in total than was paid), from my settlement'),
        params: IdParams,
        body: RefundBody,
        response: { 201: Refund, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      sendIdempotent(reply, await merchant.refund(requireActor(request).userId, request.params.id, request.body, idempotencyKeyOf(request.headers))),
  );

  app.post(
    '/api/wallet/merchant/payouts',
    {
      config: auth,
      schema: {
        ...money('Move money from my settlement to my wallet; answers with the payout as my history lists it (kind "payout")'),
        body: PayoutBody,
        response: { 201: WalletTransaction, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => sendIdempotent(reply, await merchant.payout(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.post(
    '/api/wallet/merchant/charges',
    {
      config: auth,
      schema: {
        ...money("Charge a payer's presented pay code (its 18 digits; no PIN: the code is the payer's consent)"),
        body: ChargeBody,
        response: { 201: Payment, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => sendIdempotent(reply, await merchant.charge(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.post(
    '/api/wallet/paycode/devices',
    {
      config: auth,
      schema: {
        tags: ['wallet'],
        summary: 'Register this device for pay codes (with the payment PIN); the secret is shown this once',
        body: DeviceBody,
        response: { 201: PayCodeDevice, ...problemResponses(400, 401, 403, 413, 415, 423) },
      },
    },
    async (request, reply) => reply.code(201).send(await merchant.devices.register(requireActor(request).userId, request.body.pin)),
  );

  app.delete(
    '/api/wallet/paycode/devices/:id',
    { config: auth, schema: { tags: ['wallet'], summary: 'Remove a pay-code device: its codes stop working at once', params: IdParams, response: { 204: NoContent, ...problemResponses(401, 403, 404) } } },
    async (request, reply) => {
      await merchant.devices.revoke(requireActor(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
