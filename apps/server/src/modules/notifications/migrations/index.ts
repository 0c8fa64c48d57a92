import { createNotifications } from './20261124_002_notifications.js';
import { createNotificationSubjects } from './20261124_021_notification_subjects.js';

export const notificationsMigrations = [createNotifications, createNotificationSubjects];
