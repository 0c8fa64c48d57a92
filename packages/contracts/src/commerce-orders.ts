import { Type, type Static } from 'typebox';

// Commerce (orders): request and response shapes of its routes, and its problem codes.
// (Scaffold: filled in by the orders work.)
export const CommerceOrdersPlaceholder = Type.Null();
export type CommerceOrdersPlaceholder = Static<typeof CommerceOrdersPlaceholder>;
