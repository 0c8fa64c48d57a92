import { Type, type Static } from 'typebox';

/** RFC 9457 problem details, as every error response of the API. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code (UPPER_SNAKE_CASE).' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;

export const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr'), Type.Literal('zh-CN')]);
export type Locale = Static<typeof Locale>;
export const LOCALES: readonly Locale[] = ['en', 'fr', 'zh-CN'];

/** A keyset cursor: opaque to clients, they only pass it back. */
export const Cursor = Type.String({ minLength: 1, maxLength: 200 });

export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const Ok = Type.Object({ status: Type.Literal('ok') });
