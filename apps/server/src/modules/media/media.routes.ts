import { rm } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { MediaAsset, StorageQuota } from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { NotFoundError, problem, sendProblem } from '../../platform/http/errors.js';
import { multipartFileBody, NoContent, problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import { RangeNotSatisfiableError, type RangeRequest } from '../../platform/storage/storage.js';
import { UnsupportedMediaError } from './media.errors.js';
import type { MediaService } from './media.service.js';
import { readUploadedFile, saveUploadedFile, uploadRoutes } from './upload.js';

// Any short segment: `DELETE /api/media/images` is then "no such media" (404), like every other unknown id.
const MediaIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Binary = Type.Unsafe({ type: 'string', format: 'binary' });

export async function mediaRoutes(app: SoukApp, media: MediaService): Promise<void> {
  const { imageMaxBytes, videoMaxBytes } = media.limits;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

  await uploadRoutes(app, imageMaxBytes, (scope) => {
    scope.post(
      '/api/media/images',
      {
        config: { auth: 'required' },
        schema: {
          tags: ['media'],
          summary: 'Upload an image for a post (multipart/form-data, one field named "file"); attach it by id within a day',
          body: multipartFileBody(`A JPEG, PNG, WebP, GIF or AVIF image, at most ${mb(imageMaxBytes)} MB`),
          response: { 201: MediaAsset, ...problemResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new UnsupportedMediaError('Send multipart/form-data with a field named "file".');
        const bytes = await readUploadedFile(request, imageMaxBytes);
        return reply.code(201).send(await media.storeImage(requireActor(request).userId, bytes));
      },
    );
  });

  await uploadRoutes(app, videoMaxBytes, (scope) => {
    scope.post(
      '/api/media/videos',
      {
        config: { auth: 'required' },
        schema: {
          tags: ['media'],
          summary: 'Upload a video for a post (multipart/form-data, one field named "file"); attach it by id within a day',
          body: multipartFileBody(`An MP4 or WebM video, at most ${mb(videoMaxBytes)} MB`),
          response: { 201: MediaAsset, ...problemResponses(400, 401, 403, 413, 415, 503) },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new UnsupportedMediaError('Send multipart/form-data with a field named "file".');
        const file = await saveUploadedFile(request, videoMaxBytes, media.uploadDir);
        let asset: MediaAsset;
        try {
          asset = await media.storeVideo(requireActor(request).userId, file);
        } finally {
          // Before the answer, so a client that has it sees no upload left behind.
          await rm(file, { force: true });
        }
        return reply.code(201).send(asset);
      },
    );
  });

  app.get(
    '/api/media/quota',
    {
      config: { auth: 'required' },
      schema: { tags: ['media'], summary: 'Storage used by my media, and my limit', response: { 200: StorageQuota, ...problemResponses(401) } },
    },
    async (request) => media.quota(requireActor(request).userId),
  );

  app.delete(
    '/api/media/:id',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['media'],
        summary: 'Delete an upload of mine that is not on a post',
        params: MediaIdParam,
        response: { 204: NoContent, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await media.remove(requireActor(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/media/:folder/:file',
    {
      schema: {
        tags: ['media'],
        summary: 'Download a stored media file (immutable, cached for a year); videos answer byte ranges',
        params: Type.Object({
          folder: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
          file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}\\.[a-z0-9]{2,5}$' }),
        }),
        response: { 200: Binary, 206: Binary, ...problemResponses(400, 404, 416) },
      },
    },
    async (request, reply) => {
      const { folder, file } = request.params;
      try {
        const stored = await media.open(`${folder}/${file}`, parseRange(request.headers.range));
        if (!stored) throw new NotFoundError('media file');
        immutable(reply)
          .header('content-type', stored.contentType)
          .header('accept-ranges', 'bytes');
        if (!stored.range) return reply.header('content-length', stored.size).send(stored.body);
        const { start, end } = stored.range;
        return reply
          .code(206)
          .header('content-range', `bytes ${start}-${end}/${stored.size}`)
          .header('content-length', end - start + 1)
          .send(stored.body);
      } catch (error) {
        if (!(error instanceof RangeNotSatisfiableError)) throw error;
        reply.header('content-range', `bytes */${error.size}`);
        return sendProblem(reply, problem(416, 'RANGE_NOT_SATISFIABLE', `The file has ${error.size} bytes; ask for a range inside it.`));
      }
    },
  );
}

function immutable(reply: FastifyReply): FastifyReply {
  // Keys never change content (a new upload gets a new key), so a year is safe.
  return reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff');
}

/**
 * Reads a Range header (RFC 9110 §14.2). One byte range is honoured; a
 * header in another unit, malformed, or asking for several ranges is
 * ignored and the whole file is sent, as the RFC allows.
 */
export function parseRange(header: string | undefined): RangeRequest | undefined {
  const match = header ? /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header) : null;
  if (!match) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return undefined;
  if (first === '') return { suffix: Number(last) };
  return last === '' ? { start: Number(first) } : { start: Number(first), end: Number(last) };
}
