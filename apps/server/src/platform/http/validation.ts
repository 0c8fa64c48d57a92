import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';
import { STREAMED_BODY } from './schemas.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, useDefaults: true, removeAdditional: false, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * JSON bodies are validated strictly: no coercion ("5" is not 5), unknown
 * fields refused by the schemas' additionalProperties: false. Query strings,
 * params and headers arrive as text, so those coerce to the declared type.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = createAjv({ coerceTypes: false });
  const lenient = createAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    // A streamed body (multipart upload) is not parsed before the handler, which checks it as it reads.
    if ((schema as Record<string, unknown>)[STREAMED_BODY]) return () => true;
    return (httpPart === 'body' ? strict : lenient).compile(schema);
  });
}

export class NulCharacterError extends AppError {
  constructor() {
    super('invalid', 'NUL_CHARACTER', 'Text may not contain the NUL character (U+0000).');
  }
}

/**
 * Fastify's JSON parser (prototype-poisoning safe), refusing U+0000: PostgreSQL
 * cannot store it in text and SQLite would, so both refuse it here, alike.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).includes('\\u0000')) return done(new NulCharacterError(), undefined);
    return parse(request, body as string, done);
  });
}
