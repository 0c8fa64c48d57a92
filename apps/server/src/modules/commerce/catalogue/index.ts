import type { SoukApp } from '../../../platform/http/types.js';
import type { CommerceDeps } from '../deps.js';

export { catalogueMigrations } from './migrations/index.js';

/** Shops, categories, products and SKUs. (Scaffold: filled in by the catalogue work.) */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Catalogue {}

export function createCatalogue(_deps: CommerceDeps): Catalogue {
  return {};
}

export async function catalogueRoutes(_app: SoukApp, _catalogue: Catalogue): Promise<void> {}
