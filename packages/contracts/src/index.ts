export * from './common.js';
export * from './accounts.js';
export * from './notifications.js';
export * from './realtime.js';
export * from './media.js';
export * from './social.js';
export * from './search.js';
export * from './wallet.js';
