import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../../platform/http/errors.js';
import { problemResponses } from '../../platform/http/schemas.js';
import type { MediaService } from './media.service.js';

export async function mediaRoutes(app: FastifyInstance, media: MediaService): Promise<void> {
  app.get(
    '/api/media/:folder/:file',
    {
      schema: {
        tags: ['media'],
        summary: 'Download a stored media file (immutable, cached for a year)',
        params: Type.Object({
          folder: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
          file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}\\.[a-z0-9]{2,5}$' }),
        }),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { folder, file } = request.params as { folder: string; file: string };
      const stored = await media.open(`${folder}/${file}`);
      if (!stored) throw new NotFoundError('media file');
      return reply
        .header('content-type', stored.contentType)
        .header('content-length', stored.size)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(stored.body);
    },
  );
}
