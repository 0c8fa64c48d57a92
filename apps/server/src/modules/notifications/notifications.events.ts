import type { Notification } from '@souk/contracts';

declare module '../../platform/events/event-map.js' {
  interface DomainEvents {
    'notifications.notification.created': { userId: string; notification: Notification; unread: number };
    'notifications.notification.read': { userId: string; unread: number };
  }
}

export {};
