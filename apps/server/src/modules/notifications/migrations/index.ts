import { createNotifications } from './20261124_002_notifications.js';

export const notificationsMigrations = [createNotifications];
