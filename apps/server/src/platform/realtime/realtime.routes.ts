import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../http/auth.js';
import { problemResponses } from '../http/schemas.js';
import type { RealtimeGateway } from './gateway.js';

export async function realtimeRoutes(app: FastifyInstance, gateway: RealtimeGateway): Promise<void> {
  app.get(
    '/api/ws',
    {
      websocket: true,
      config: { auth: 'required' },
      schema: {
        tags: ['realtime'],
        summary: 'Open the realtime WebSocket (session by Bearer header, cookie or ?token=)',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    (socket, request) => {
      const actor = requireActor(request);
      gateway.accept(socket, actor.userId, actor.sessionId);
    },
  );
}
