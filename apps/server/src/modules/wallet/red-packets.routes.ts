import { Type } from 'typebox';
import { RedPacket, RedPacketBody, RedPacketPage } from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { IDEMPOTENCY_HEADER, idempotencyKeyOf } from '../../platform/http/idempotency.js';
import { problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { RedPacketService } from './red-packets.service.js';
import { sendIdempotent } from './wallet.routes.js';

const PacketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const PageQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
);
const SendHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Required: 1–255 printable ASCII characters; a retry with the same key replays the first response.' })) });
const OpenHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Optional: opening is idempotent per user (one grab each), so opening again, with or without a key, answers with that grab again and moves nothing.' }),
  ),
});

export async function redPacketRoutes(app: SoukApp, redPackets: RedPacketService): Promise<void> {
  app.post(
    '/api/wallet/red-packets',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['wallet'],
        summary: 'Send a red packet: fixed or lucky shares, to anyone with the link or to listed recipients',
        headers: SendHeaders,
        body: RedPacketBody,
        response: { 201: RedPacket, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 423) },
      },
    },
    async (request, reply) => sendIdempotent(reply, await redPackets.send(requireActor(request).userId, request.body, idempotencyKeyOf(request.headers))),
  );

  app.post(
    '/api/wallet/red-packets/:id/open',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['wallet'],
        summary: 'Grab a share of a red packet (once per user, first come first served; opening again answers with the same grab)',
        headers: OpenHeaders,
        params: PacketParams,
        response: { 200: RedPacket, ...problemResponses(400, 401, 403, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      const key = request.headers[IDEMPOTENCY_HEADER] === undefined ? null : idempotencyKeyOf(request.headers);
      return sendIdempotent(reply, await redPackets.open(requireActor(request).userId, request.params.id, key));
    },
  );

  app.get(
    '/api/wallet/red-packets/:id',
    {
      config: { auth: 'required' },
      schema: { tags: ['wallet'], summary: 'A red packet: its status, who got what, and whether I may open it', params: PacketParams, response: { 200: RedPacket, ...problemResponses(400, 401, 404) } },
    },
    async (request) => redPackets.get(requireActor(request).userId, request.params.id),
  );

  app.get(
    '/api/wallet/red-packets',
    {
      config: { auth: 'required' },
      schema: { tags: ['wallet'], summary: 'Red packets I sent or opened, newest first', querystring: PageQuery, response: { 200: RedPacketPage, ...problemResponses(400, 401) } },
    },
    async (request) => redPackets.list(requireActor(request).userId, request.query),
  );
}
