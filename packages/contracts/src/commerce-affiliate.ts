import { Type, type Static } from 'typebox';

// Commerce (affiliate): request and response shapes of its routes, and its problem codes.
// (Scaffold: filled in by the affiliate work.)
export const CommerceAffiliatePlaceholder = Type.Null();
export type CommerceAffiliatePlaceholder = Static<typeof CommerceAffiliatePlaceholder>;
