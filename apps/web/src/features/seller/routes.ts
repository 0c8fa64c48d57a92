import type { Route } from '../../app/routes.js';

/** The seller screens' routes, placed before the app's catch-all patterns (first match wins). */
export const SELLER_ROUTES: [pattern: string, route: Route][] = [];
