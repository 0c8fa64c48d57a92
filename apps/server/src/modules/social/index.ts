import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { AccountsService } from '../accounts/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { FanOut } from './fan-out.js';
import { GraphService } from './graph.service.js';
import { InteractionsService } from './interactions.service.js';
import { PostViews } from './post-views.js';
import { PostsService, type PostMedia } from './posts.service.js';
import { SocialNotifier } from './social.notifier.js';
import { SocialStore } from './social.store.js';

export { socialRoutes } from './social.routes.js';
export { socialMigrations } from './migrations/index.js';
export { canView, visibleVisibilities } from './post-views.js';
export type { VisiblePost } from './post-views.js';
export { hashtagKey, parseText } from './text.js';
export type { PostSnapshot } from './social.events.js';
export type { PostMedia } from './posts.service.js';
export { SocialStore } from './social.store.js';

export interface SocialDeps {
  database: Database;
  events: Events;
  clock: Clock;
  accounts: AccountsService;
  notifications: NotificationsService;
  media: PostMedia;
  fanoutThreshold: number;
}

export interface Social {
  graph: GraphService;
  posts: PostsService;
  interactions: InteractionsService;
  /** What other modules (search, feed) use to show posts and people: privacy applied, order kept. */
  views: PostViews;
}

/** Builds the social module's services around one store and one privacy rule. */
export function createSocial(deps: SocialDeps): Social {
  const store = new SocialStore();
  const views = new PostViews({ database: deps.database, store, accounts: deps.accounts });
  const shared = { database: deps.database, store, events: deps.events, clock: deps.clock, accounts: deps.accounts, views };
  const graph = new GraphService({ ...shared, fanoutThreshold: deps.fanoutThreshold });
  const posts = new PostsService({ ...shared, media: deps.media });
  const interactions = new InteractionsService(shared);
  new FanOut(shared).subscribe();
  new SocialNotifier({ ...shared, notifications: deps.notifications }).subscribe();
  return { graph, posts, interactions, views };
}
