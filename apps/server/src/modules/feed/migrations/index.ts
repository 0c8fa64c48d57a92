import { createFeed } from './20261124_050_feed.js';
import { feedFollowVersions } from './20261124_067_feed_follow_versions.js';

export const feedMigrations = [createFeed, feedFollowVersions];
