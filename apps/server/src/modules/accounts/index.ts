export { AccountsService, type ClientInfo, type AuthOutcome } from './accounts.service.js';
export { AccountsStore } from './accounts.store.js';
export { accountsRoutes } from './accounts.routes.js';
export { accountsMigrations } from './migrations/index.js';
export * from './accounts.errors.js';
import './accounts.events.js';
