import { createCatalogue } from './20261124_060_catalogue.js';

export const catalogueMigrations = [createCatalogue];
