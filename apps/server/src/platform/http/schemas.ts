import { Type } from 'typebox';

export const ProblemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });

/** The problem+json responses a route can give, for its OpenAPI description and serialisation. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}

export const NoContent = Type.Null({ description: 'No content' });

/** Marks a body schema that documents a streamed body the handler reads and checks itself. */
export const STREAMED_BODY = 'x-souk-streamed';

/** A multipart/form-data body with one file field named `file`, for OpenAPI; the handler enforces it. */
export function multipartFileBody(description: string) {
  return {
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: { file: { type: 'string', format: 'binary', description } },
          required: ['file'],
          [STREAMED_BODY]: true,
        },
      },
    },
  };
}
