import type { Route } from '../../app/routes.js';

/** The shop screens' routes, placed before the app's catch-all patterns (first match wins). */
export const SHOP_ROUTES: [pattern: string, route: Route][] = [];
