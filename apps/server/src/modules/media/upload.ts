import multipart from '@fastify/multipart';
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
    const file = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
    if (!file || file.fieldname !== 'file') throw new MissingFileError();
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw new MediaTooLargeError(maxBytes);
    return bytes;
  } catch (error) {
    // Errors with a status (limits, our own) pass; a body the parser chokes on is the client's fault.
    if (error instanceof AppError || (error as { statusCode?: number }).statusCode) throw error;
    throw new MalformedUploadError();
  }
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
