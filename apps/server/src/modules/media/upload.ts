import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { SoukApp } from '../../platform/http/types.js';
import { AppError } from '../../platform/http/errors.js';
import { MediaTooLargeError, MissingFileError } from './media.errors.js';

export class MalformedUploadError extends AppError {
  constructor() {
    super('invalid', 'MALFORMED_MULTIPART', 'The multipart/form-data body could not be read.');
  }
}

/** Reads the one file field named "file" of a multipart request into memory, within a size limit. */
export async function readUploadedFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  try {
    const file = await fileField(request, maxBytes);
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw new MediaTooLargeError(maxBytes);
    return bytes;
  } catch (error) {
    throw asUploadError(error);
  }
}

/**
 * Streams the one file field named "file" of a multipart request to a new
 * file in `dir`, within a size limit, and returns its path: a 100 MB video is
 * never held in memory. The caller deletes the file; on a refusal nothing is
 * left behind.
 */
export async function saveUploadedFile(request: FastifyRequest, maxBytes: number, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `upload-${randomUUID()}`);
  try {
    const file = await fileField(request, maxBytes);
    await pipeline(file.file, createWriteStream(target, { flags: 'wx' }));
    if (file.file.truncated) throw new MediaTooLargeError(maxBytes);
    return target;
  } catch (error) {
    await rm(target, { force: true });
    throw asUploadError(error);
  }
}

async function fileField(request: FastifyRequest, maxBytes: number): Promise<MultipartFile> {
  const file = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  if (!file || file.fieldname !== 'file') {
    // Drained, so the parser can finish the request.
    file?.file.resume();
    throw new MissingFileError();
  }
  return file;
}

/** Errors with a status (limits, our own) pass; a body the parser chokes on is the client's fault. */
function asUploadError(error: unknown): unknown {
  if (error instanceof AppError || (error as { statusCode?: number }).statusCode) return error;
  return new MalformedUploadError();
}

/**
 * Registers routes that take multipart uploads in a scope of their own, so the
 * multipart parser and its request decorations cost nothing on every other route.
 */
export async function uploadRoutes(app: SoukApp, maxBytes: number, routes: (scope: SoukApp) => void): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });
    routes(scope.withTypeProvider<TypeBoxTypeProvider>());
  });
}
