import type { MAX_LINE_QUANTITY as MaxLineQuantity } from '@souk/contracts';

/** The orders contract's ceiling for one line, restated (the app imports only types from the contracts). */
export const MAX_LINE_QUANTITY: typeof MaxLineQuantity = 99;
