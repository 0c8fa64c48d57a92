export { NotificationsService } from './notifications.service.js';
export { NotificationsStore } from './notifications.store.js';
export { notificationsRoutes } from './notifications.routes.js';
export { notificationsMigrations } from './migrations/index.js';
import './notifications.events.js';
