import { Type } from 'typebox';

export const ProblemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });

/** The problem+json responses a route can give, for its OpenAPI description and serialisation. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}

export const NoContent = Type.Null({ description: 'No content' });
