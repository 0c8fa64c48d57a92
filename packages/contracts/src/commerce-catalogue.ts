import { Type, type Static } from 'typebox';

// Commerce (catalogue): request and response shapes of its routes, and its problem codes.
// (Scaffold: filled in by the catalogue work.)
export const CommerceCataloguePlaceholder = Type.Null();
export type CommerceCataloguePlaceholder = Static<typeof CommerceCataloguePlaceholder>;
