import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '@souk/contracts';

/** The closed set of error kinds; each maps to one HTTP status, here and nowhere else. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'locked'
  | 'upgrade_required'
  | 'rate_limited'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  locked: 423,
  upgrade_required: 426,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  423: 'Locked',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error a service throws on purpose. Modules subclass it with a fixed
 * code (`class HandleTakenError extends AppError`), so clients can branch on
 * `code` and the text can change freely.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly extra: { errors?: Problem['errors']; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = STATUS[kind];
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'resource') {
    super('not_found', 'NOT_FOUND', `No such ${what}.`);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to do this.') {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not do this.', code = 'FORBIDDEN') {
    super('forbidden', code, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'RATE_LIMITED', 'Too many attempts; try again later.', { retryAfterSeconds });
  }
}

export function problem(status: number, code: string, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: `https://souk.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLE[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** Fastify's own errors (parsing, limits, validation) mapped to stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_INVALID_CONTENT_ENCODING: 'UNSUPPORTED_CONTENT_ENCODING',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_FIELDS_LIMIT: 'TOO_MANY_FIELDS',
  FST_PROTO_VIOLATION: 'MALFORMED_BODY',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

function toProblem(error: FastifyError | AppError): Problem {
  if (error instanceof AppError) return problem(error.status, error.code, error.message, error.extra.errors);
  if (error.validation) {
    const errors = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath || ''}`,
      message: issue.message ?? 'is invalid',
    }));
    return problem(400, 'VALIDATION_FAILED', 'The request does not match the schema.', errors);
  }
  if (error instanceof SyntaxError) return problem(400, 'MALFORMED_JSON', 'The body is not valid JSON.');
  // PostgreSQL refuses U+0000 and invalid UTF-8 in text; SQLite stores them. Refused input, not a crash.
  if (error.code === '22021' || error.code === '22P05') return problem(400, 'INVALID_TEXT', 'The request contains characters that cannot be stored.');
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side.');
  const code = (error.code && FASTIFY_CODES[error.code]) ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
  return problem(status, code, error.message);
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Errors Fastify raises before routing (a malformed URL, an invalid header), as problems too. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ code: error.code }, 'request refused before routing');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return void sendProblem(reply, problem(414, 'URI_TOO_LONG', 'A path segment is too long.'));
  void sendProblem(reply, problem(400, error.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : 'BAD_REQUEST', 'The URL or headers could not be read.'));
}

/** Installs the one mapping from errors to RFC 9457 responses. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: body.code, status: body.status }, 'request refused');
    if (error instanceof AppError && error.extra.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(error.extra.retryAfterSeconds));
    }
    return sendProblem(reply, body);
  });
}
