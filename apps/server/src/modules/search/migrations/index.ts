import { createSearch } from './20261124_030_search.js';

export const searchMigrations = [createSearch];
