import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../http/auth.js';
import { AppError } from '../http/errors.js';
import { problemResponses } from '../http/schemas.js';
import type { RealtimeGateway } from './gateway.js';

export async function realtimeRoutes(app: FastifyInstance, gateway: RealtimeGateway): Promise<void> {
  app.route({
    method: 'GET',
    url: '/api/ws',
    config: { auth: 'required' },
    schema: {
      tags: ['realtime'],
      summary: 'Open the realtime WebSocket (session by Bearer header, cookie or ?token=)',
      querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { ...problemResponses(400, 401, 403, 426) },
    },
    // A plain GET (no Upgrade header) learns what to do instead of a bare 404.
    handler: async () => {
      throw new AppError('upgrade_required', 'UPGRADE_REQUIRED', 'Open this URL as a WebSocket.');
    },
    wsHandler: (socket, request) => {
      const actor = requireActor(request);
      gateway.accept(socket, actor.userId, actor.sessionId);
    },
  });
}
