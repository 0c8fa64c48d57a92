export { TrendingService, defaultTrendingSettings, type TrendingDeps, type TrendingSettings } from './trending.service.js';
export { TrendingStore } from './trending.store.js';
export { trendingRoutes } from './trending.routes.js';
export { trendingMigrations } from './migrations/index.js';
export { searchTerm } from './search-terms.js';
