import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const QrParseBody = Type.Object(
  { payload: Type.String({ minLength: 1, maxLength: 512, description: 'The text of a scanned EMVCo merchant-presented QR code.' }) },
  { additionalProperties: false },
);
export type QrParseBody = Static<typeof QrParseBody>;

export const EmvSubField = Type.Object({ id: Type.String(), value: Type.String() });

export const EmvField = Type.Object({
  id: Type.String(),
  value: Type.String(),
  /** Sub-fields of a template (26–51 merchant accounts, 62 additional data, 64 language, 80–99). */
  children: Type.Optional(Type.Array(EmvSubField)),
});
export type EmvField = Static<typeof EmvField>;

/** A decoded merchant-presented code, of Souk or of another network (shown, not payable). */
export const QrParseResult = Type.Object({
  fields: Type.Array(EmvField),
  pointOfInitiation: Nullable(Type.Union([Type.Literal('static'), Type.Literal('dynamic')])),
  network: Nullable(Type.Object({ name: Type.String(), payable: Type.Boolean() })),
  merchantAccounts: Type.Array(Type.Object({ id: Type.String(), gui: Nullable(Type.String()), fields: Type.Array(EmvSubField) })),
  merchantCategoryCode: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  amount: Nullable(Type.String()),
  country: Nullable(Type.String()),
  merchantName: Nullable(Type.String()),
  merchantCity: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  additionalData: Type.Record(Type.String(), Type.String()),
  alternateLanguage: Nullable(
    Type.Object({ language: Nullable(Type.String()), merchantName: Nullable(Type.String()), merchantCity: Nullable(Type.String()) }),
  ),
  /** Departures from EMVCo that real national codes make (e.g. PromptPay omits the merchant name). */
  warnings: Type.Array(Type.String()),
});
export type QrParseResult = Static<typeof QrParseResult>;
