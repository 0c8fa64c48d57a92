export {
  SearchService,
  defaultSearchSettings,
  type SearchDeps,
  type SearchSettings,
  type SearchSignals,
  type SearchSocial,
  type SearchUserDirectory,
} from './search.service.js';
export { SearchStore } from './search.store.js';
export { searchRoutes } from './search.routes.js';
export { searchMigrations } from './migrations/index.js';
export { SearchQueryEmptyError } from './search.errors.js';
export { compactKey, foldText, indexTokens, queryTerms } from './text.js';
