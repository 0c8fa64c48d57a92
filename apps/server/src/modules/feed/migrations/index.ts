import { createFeed } from './20261124_050_feed.js';

export const feedMigrations = [createFeed];
