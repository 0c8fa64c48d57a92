import { createTrending } from './20261124_031_trending.js';

export const trendingMigrations = [createTrending];
