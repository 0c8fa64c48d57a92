import type { FastifyBaseLogger } from 'fastify';
import type { CommerceConfig } from '../../config/config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { Idempotency } from '../../platform/http/idempotency.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import type { RealtimeGateway } from '../../platform/realtime/gateway.js';
import type { AccountsService } from '../accounts/index.js';
import type { MediaService } from '../media/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { Social } from '../social/index.js';
import type { Wallet } from '../wallet/index.js';

/** What the commerce module is given by the app; each part takes what it needs. */
export interface CommerceDeps {
  database: Database;
  events: Events;
  gateway: RealtimeGateway;
  idempotency: Idempotency;
  accounts: AccountsService;
  notifications: NotificationsService;
  media: MediaService;
  social: Social;
  wallet: Wallet;
  limiter: RateLimiter;
  clock: Clock;
  logger: FastifyBaseLogger;
  config: CommerceConfig;
}
