/**
 * The environment variables Souk reads, with their documentation. This is the
 * only place that touches process.env; config.ts validates what it returns.
 */
export const ENV_VARS = {
  PORT: 'HTTP port (default 3000)',
  HOST: 'interface to listen on (default 0.0.0.0)',
  SOUK_DATA_DIR: 'directory for the SQLite file and media (default ./data)',
  DATABASE_URL: 'a postgres:// URL switches storage from SQLite to PostgreSQL',
  REDIS_URL: 'a redis:// URL switches the event bus and rate limits to Redis',
  SOUK_DEMO: 'seed a demo community on an empty database (1/0; npm start sets 1)',
  SOUK_PUBLIC_URL: 'public origin of the app behind a proxy, e.g. https://souk.example (same-origin checks)',
  SOUK_TRUST_PROXY: 'trust X-Forwarded-* headers from a reverse proxy (1/0, default 0)',
  SOUK_BODY_LIMIT: 'maximum JSON body in bytes (default 1048576); larger bodies get 413',
  SOUK_SCRYPT_LOG2N: 'password hashing cost: scrypt N = 2^value, r=8, p=1 (default 17, 128 MiB)',
  SOUK_SESSION_DAYS: 'days a session stays valid without use (default 30)',
  SOUK_WEB_DIR: 'directory of the built web app (default apps/web/dist)',
  SOUK_FANOUT_THRESHOLD: 'followers above which a post is pulled at read time instead of pushed to inboxes (default 10000)',
  SOUK_STORAGE_QUOTA_MB: 'media storage per user in MiB (default 1024)',
  SOUK_S3_ENDPOINT: 'an http(s) URL of an S3-compatible service stores media there instead of on disk',
  SOUK_S3_BUCKET: 'bucket for media when SOUK_S3_ENDPOINT is set',
  SOUK_S3_REGION: 'region for request signing (default us-east-1)',
  SOUK_S3_ACCESS_KEY_ID: 'access key for the S3-compatible service',
  SOUK_S3_SECRET_ACCESS_KEY: 'secret key for the S3-compatible service',
  SOUK_WALLET_CURRENCIES: 'ISO 4217 codes the wallet holds, comma-separated (default CNY,EUR)',
  SOUK_WALLET_PIN_ABOVE: 'transfers above this many minor units need the payment PIN (default 20000); QR payments always do',
  SOUK_WALLET_DAILY_LIMIT: 'outgoing money per user, currency and UTC day, in minor units (default 5000000)',
  SOUK_WALLET_GROUP_COMMIT: 'batch concurrent money movements into one durable commit (1/0, default 1)',
  SOUK_SECRET_KEY: '64 hex digits sealing the wallet\'s stored secrets; every process of a deployment must share it (default: a key file made once in SOUK_DATA_DIR)',
  SOUK_FUNDING_WEBHOOK_SECRET: 'secret signing the funding-source webhooks (default: derived from the secret key)',
  SOUK_SANDBOX_BANK_DELAY_MS: 'how long the sandbox bank takes to confirm a top-up or withdrawal (default 1000)',
  SOUK_COMMERCE_RESERVATION_MINUTES: 'minutes an unpaid order keeps its stock reserved (default 15)',
  SOUK_COMMERCE_AUTO_COMPLETE_DAYS: 'days after delivery before an unconfirmed order completes and escrow is released (default 10)',
  SOUK_COMMERCE_SHIP_WITHIN_DAYS: 'days a seller has to ship a paid order before it is cancelled and refunded (default 7)',
  SOUK_COMMERCE_SHIPPED_COMPLETE_DAYS: 'days after shipping before a shipped order never marked delivered completes and escrow is released (default 15)',
  SOUK_COMMERCE_REFUND_ANSWER_DAYS: 'days a seller has to answer a refund request before it is granted (default 3)',
  SOUK_COMMERCE_PLATFORM_FEE_BP: 'platform fee on completed orders, in basis points (default 200 = 2%)',
  SOUK_FEED_SEEN_DAYS: 'days an item served on a For You page stays out of For You (default 3)',
  SOUK_FEED_SIGNAL_BATCHES_PER_MINUTE: 'feed signal batches one user may send per minute; more get 429 (default 120)',
  SOUK_FEED_SNAPSHOT_MINUTES: 'how often one process saves the learned feed model to the database; 0 = only at shutdown (default 10)',
  SOUK_FEED_RETRAIN_HOURS: 'how often one process retrains the feed model from the signal log; 0 = never (default 24)',
  SOUK_FEED_LOG_DAYS: 'days of the feed signal log a retrain reads; older rows in the newest snapshot are pruned (default 90)',
  SOUK_FEED_POPULAR_HALF_LIFE_HOURS: 'engagement in the popular feed halves in weight every this many hours (default 24)',
  SOUK_FEED_EXPLORATION_SHARE: 'share of each For You page kept for new items and new creators, 0 to 0.5 (default: the engine\'s, 0.1)',
  SOUK_FEED_MAX_PER_AUTHOR: 'at most this many items by one author on a For You page (default: the engine\'s, 2)',
  SOUK_FEED_OBJECTIVE_WEIGHTS: 'weights of the ranking objectives, e.g. "like=1,long_watch=1,share=2,follow=2,purchase=3" (default: the engine\'s)',
  LOG_LEVEL: 'pino log level (default info)',
} as const;

export type EnvName = keyof typeof ENV_VARS;
export type RawEnv = Partial<Record<EnvName, string>>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): RawEnv {
  const env: RawEnv = {};
  for (const name of Object.keys(ENV_VARS) as EnvName[]) {
    const value = source[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  return env;
}
