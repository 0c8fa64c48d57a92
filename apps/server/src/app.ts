import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ok } from '@souk/contracts';
import { commerceMigrations, commerceRoutes, createCommerce, type Commerce } from './modules/commerce/index.js';
import { AccountsService, AccountsStore, accountsMigrations, accountsRoutes } from './modules/accounts/index.js';
import { createFeed, engineSettings, feedMigrations, feedRoutes, type Feed } from './modules/feed/index.js';
import { createFeedEngine } from './modules/feed/engine/index.js';
import { MediaService, MediaStore, mediaMigrations, mediaRoutes } from './modules/media/index.js';
import { NotificationsService, NotificationsStore, notificationsMigrations, notificationsRoutes } from './modules/notifications/index.js';
import { SearchService, SearchStore, searchMigrations, searchRoutes } from './modules/search/index.js';
import { createSocial, socialMigrations, socialRoutes, type Social } from './modules/social/index.js';
import { TrendingService, TrendingStore, trendingMigrations, trendingRoutes } from './modules/trending/index.js';
import { createWallet, walletMigrations, walletRoutes, type Wallet } from './modules/wallet/index.js';
import { migrateToLatest, type ModuleMigration } from './platform/db/migrations.js';
import { Events } from './platform/events/events.js';
import { outboxMigrations } from './platform/events/outbox.migration.js';
import { Idempotency, idempotencyMigrations } from './platform/http/idempotency.js';
import { registerAuth } from './platform/http/auth.js';
import { frameworkErrorHandler, registerErrorHandling } from './platform/http/errors.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { lazyRequestLogger } from './platform/http/request-logger.js';
import { registerSecurity } from './platform/http/security.js';
import type { SoukApp } from './platform/http/types.js';
import { registerJsonParser, registerValidation } from './platform/http/validation.js';
import { registerWebApp } from './platform/http/web-app.js';
import type { Platform } from './platform/platform.js';
import { RealtimeGateway } from './platform/realtime/gateway.js';
import { realtimeRoutes } from './platform/realtime/realtime.routes.js';

/** Every module's schema, in one list; the migrator orders them by name. */
export const migrations: ModuleMigration[] = [
  ...outboxMigrations,
  ...accountsMigrations,
  ...notificationsMigrations,
  ...mediaMigrations,
  ...socialMigrations,
  ...searchMigrations,
  ...trendingMigrations,
  ...walletMigrations,
  ...feedMigrations,
  ...commerceMigrations,
  ...idempotencyMigrations,
];

export interface Souk {
  app: SoukApp;
  events: Events;
  gateway: RealtimeGateway;
  accounts: AccountsService;
  notifications: NotificationsService;
  media: MediaService;
  social: Social;
  search: SearchService;
  trending: TrendingService;
  /** For You, latest and popular: signals, the learned model, pages with reasons. */
  feed: Feed;
  /** Idempotency keys for the routes that move money. */
  idempotency: Idempotency;
  wallet: Wallet;
  /** Shops, catalogue, orders with escrow, affiliate selling and reviews. */
  commerce: Commerce;
  /** Stops background work and the HTTP server; the platform is closed by its owner. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Assembles the HTTP app from the modules, with every dependency passed explicitly. */
export async function buildApp(platform: Platform): Promise<Souk> {
  const { config, database, logger, clock, bus, limiter, storage } = platform;
  await migrateToLatest(database, migrations);

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // genReqId reads x-request-id itself, so a malformed one is replaced rather than logged.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    // request.log is made on its first line, not for every request (request-logger.ts).
    childLoggerFactory: lazyRequestLogger,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const events = new Events(database, bus, clock, logger);
  const gateway = new RealtimeGateway(logger);
  const media = new MediaService({ database, store: new MediaStore(), storage, clock, logger, config: config.media, dataDir: config.dataDir });
  const accounts = new AccountsService({ database, store: new AccountsStore(), events, limiter, clock, media, config });
  const notifications = new NotificationsService({ database, store: new NotificationsStore(), events, gateway, clock });
  accounts.subscribe();
  notifications.subscribe();
  const social = createSocial({ database, events, clock, accounts, notifications, media, fanoutThreshold: config.fanoutThreshold });
  const idempotency = new Idempotency({ database, clock });
  const trending = new TrendingService({ database, store: new TrendingStore(), events, clock, logger });
  const search = new SearchService({
    database,
    store: new SearchStore(database.dialect),
    events,
    social: social.views,
    accounts,
    signals: trending,
    logger,
  });
  trending.subscribe();
  search.subscribe();
  const feed = createFeed({
    database,
    events,
    clock,
    limiter,
    logger,
    social: social.views,
    accounts,
    config: config.feed,
    createEngine: () => createFeedEngine(engineSettings(config.feed)),
  });
  await feed.start();
  const wallet = createWallet({
    database,
    events,
    gateway,
    idempotency,
    accounts,
    clock,
    logger: logger as FastifyBaseLogger,
    config: config.wallet,
    dataDir: config.dataDir,
    limiter,
    notifications,
    deliverWebhook: async (body, signature) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/wallet/funding/webhooks/${wallet.funding.providerName}`,
        headers: { 'content-type': 'application/json', 'souk-signature': signature },
        payload: body,
      });
      return response.statusCode;
    },
  });

  const commerce = createCommerce({
    database,
    events,
    gateway,
    idempotency,
    accounts,
    notifications,
    media,
    social,
    wallet,
    limiter,
    clock,
    logger: logger as FastifyBaseLogger,
    config: config.commerce,
  });
  registerValidation(app);
  registerJsonParser(app);
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await registerOpenApi(app);
  registerAuth(app, (token) => accounts.authenticate(token));
  registerSecurity(app, config.publicOrigin);

  app.get('/api/health', { schema: { tags: ['platform'], summary: 'Liveness', response: { 200: Ok } } }, async () => ({
    status: 'ok' as const,
  }));
  await accountsRoutes(app, { accounts, publicOrigin: config.publicOrigin, avatarMaxBytes: config.avatarMaxBytes });
  await notificationsRoutes(app, notifications);
  await mediaRoutes(app, media);
  await socialRoutes(app, social);
  await searchRoutes(app, search);
  await trendingRoutes(app, trending);
  await feedRoutes(app, feed);
  await walletRoutes(app, wallet);
  await commerceRoutes(app, commerce);
  await realtimeRoutes(app, gateway);
  await registerWebApp(app, config.webDir);

  await app.ready();
  events.start();
  trending.start();
  wallet.start();
  await commerce.start();
  // Hourly housekeeping: expired sessions (refused on sight anyway; this keeps the table small), uploads never
  // attached to a post (deleted after a day, with their files), idempotency keys past their retention.
  const sweeps: Array<[string, () => Promise<unknown>]> = [
    ['expired sessions', () => accounts.deleteExpiredSessions()],
    ['unattached media', () => media.sweepUnattached()],
    ['idempotency keys', () => idempotency.sweep()],
    ['expired holds and red packets, fundings the bank never confirmed', () => wallet.sweep()],
    ['feed served items and old signals', () => feed.sweep()],
    ['commerce applied events and view keys', () => commerce.sweep()],
  ];
  const housekeeping = setInterval(() => {
    for (const [name, sweep] of sweeps) sweep().catch((error) => logger.warn({ err: error }, `${name} sweep failed`));
  }, 3600_000);
  housekeeping.unref();

  return {
    app,
    events,
    gateway,
    accounts,
    notifications,
    media,
    social,
    search,
    trending,
    feed,
    idempotency,
    wallet,
    commerce,
    async close() {
      clearInterval(housekeeping);
      gateway.close();
      await commerce.stop();
      await wallet.stop();
      await app.close();
      await trending.stop();
      await events.stop();
      // After the relay has stopped, so the saved model includes every signal its handlers logged.
      await feed.stop();
    },
  };
}
