import { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  Balances,
  Funding,
  FundingBody,
  QrParseBody,
  QrParseResult,
  SetPinBody,
  TransactionPage,
  TransactionQuery,
  Transfer,
  TransferBody,
  WalletSummary,
} from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { idempotencyKeyOf, type IdempotentResponse } from '../../platform/http/idempotency.js';
import { NoContent, problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { FastifyReply } from 'fastify';
import { SIGNATURE_HEADER } from './funding.service.js';
import { redPacketRoutes } from './red-packets.routes.js';
import { merchantRoutes } from './merchant.routes.js';
import type { Wallet } from './wallet.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Required: 1–255 printable ASCII characters; a retry with the same key replays the first response.' })) });
const CsvQuery = Type.Object({ currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })) }, { additionalProperties: false });
const Received = Type.Object({ received: Type.Boolean() });

/** Sends an idempotent outcome: the first response, or its replay marked as such. */
export function sendIdempotent<T>(reply: FastifyReply, outcome: IdempotentResponse<T>): T {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}

export async function walletRoutes(app: SoukApp, wallet: Wallet): Promise<void> {
  const { service, funding, qr } = wallet;
  const money = (summary: string) => ({ tags: ['wallet'], summary, headers: IdempotencyHeaders });

  app.post(
    '/api/wallet/qr/parse',
    {
      schema: {
        tags: ['wallet'],
        summary: 'Read a scanned EMVCo merchant-presented QR code (any network; no login needed)',
        body: QrParseBody,
        response: { 200: QrParseResult, ...problemResponses(400, 403, 413, 415, 422) },
      },
    },
    async (request) => qr.parse(request.body.payload),
  );

  app.get(
    '/api/wallet',
    { config: { auth: 'required' }, schema: { tags: ['wallet'], summary: 'My wallet: balances, PIN state, daily limit', response: { 200: WalletSummary, ...problemResponses(401) } } },
    async (request) => service.summary(requireActor(request).userId),
  );

  app.get(
    '/api/wallet/balance',
    { config: { auth: 'required' }, schema: { tags: ['wallet'], summary: 'My balances per currency', response: { 200: Balances, ...problemResponses(401) } } },
    async (request) => ({ balances: await service.balances(requireActor(request).userId) }),
  );

  app.post(
    '/api/wallet/pin',
    {
      config: { auth: 'required' },
      schema: { tags: ['wallet'], summary: 'Set or change the payment PIN (with the account password)', body: SetPinBody, response: { 204: NoContent, ...problemResponses(400, 401, 403, 413, 415) } },
    },
    async (request, reply) => {
      await service.pins.set(requireActor(request).userId, request.body.pin, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/wallet/topups',
    {
      config: { auth: 'required' },
      schema: { ...money('Top up from the funding source (the sandbox bank confirms within a second or two)'), body: FundingBody, response: { 202: Funding, ...problemResponses(400, 401, 403, 409, 413, 415, 422) } },
    },
    async (request, reply) => sendIdempotent(reply, await funding.topup(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.post(
    '/api/wallet/withdrawals',
    {
      config: { auth: 'required' },
      schema: { ...money('Withdraw to the funding source (held until it confirms)'), body: FundingBody, response: { 202: Funding, ...problemResponses(400, 401, 403, 409, 413, 415, 422) } },
    },
    async (request, reply) => sendIdempotent(reply, await funding.withdraw(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.get(
    '/api/wallet/fundings/:id',
    { config: { auth: 'required' }, schema: { tags: ['wallet'], summary: 'One of my top-ups or withdrawals', params: IdParams, response: { 200: Funding, ...problemResponses(401, 404) } } },
    async (request) => funding.get(requireActor(request).userId, request.params.id),
  );

  app.post(
    '/api/wallet/transfers',
    {
      config: { auth: 'required' },
      schema: { ...money('Send money to another user (by handle or id)'), body: TransferBody, response: { 201: Transfer, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 423) } },
    },
    async (request, reply) => sendIdempotent(reply, await service.transfer(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.get(
    '/api/wallet/transactions',
    { config: { auth: 'required' }, schema: { tags: ['wallet'], summary: 'My history, newest first', querystring: TransactionQuery, response: { 200: TransactionPage, ...problemResponses(400, 401) } } },
    async (request) => service.history(requireActor(request).userId, request.query),
  );

  app.get(
    '/api/wallet/transactions.csv',
    {
      config: { auth: 'required' },
      schema: { tags: ['wallet'], summary: 'My whole history as CSV', querystring: CsvQuery, response: { 200: Type.Unsafe<unknown>({ type: 'string', description: 'text/csv' }), ...problemResponses(400, 401) } },
    },
    async (request, reply) => {
      const userId = requireActor(request).userId;
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="souk-wallet.csv"');
      return reply.send(Readable.from(service.historyCsv(userId, request.query.currency)));
    },
  );

  await redPacketRoutes(app, wallet.redPackets);

  await merchantRoutes(app, wallet);

  // Funding sources call back with a signed JSON body; the signature covers the exact bytes, so this route reads them raw.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(
      `/api/wallet/funding/webhooks/${funding.providerName}`,
      {
        schema: {
          tags: ['wallet'],
          summary: 'Signed confirmation from the funding source (Souk-Signature: t=…,v1=HMAC-SHA256)',
          response: { 200: Received, ...problemResponses(400, 401, 404, 413, 415) },
        },
      },
      async (request) => {
        const signature = request.headers[SIGNATURE_HEADER];
        await funding.receiveWebhook(typeof request.body === 'string' ? request.body : '', typeof signature === 'string' ? signature : undefined);
        return { received: true };
      },
    );
  });
}
