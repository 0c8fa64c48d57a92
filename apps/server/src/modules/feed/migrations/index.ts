import { createFeed } from './20261124_050_feed.js';
import { feedFollowVersions } from './20261124_067_feed_follow_versions.js';
import { feedFirstsTime } from './20261124_069_feed_firsts_time.js';
import { feedFirstsLikes } from './20261125_070_feed_firsts_likes.js';
import { feedSignalsFollowed } from './20261125_072_feed_signals_followed.js';
import { feedItemTerms } from './20261125_073_feed_item_terms.js';

export const feedMigrations = [createFeed, feedFollowVersions, feedFirstsTime, feedFirstsLikes, feedSignalsFollowed, feedItemTerms];
