import type { Role } from '@souk/contracts';

declare module '../../platform/events/event-map.js' {
  interface DomainEvents {
    'accounts.user.created': { userId: string; handle: string; role: Role };
    'accounts.user.updated': { userId: string; fields: string[] };
    'accounts.session.created': {
      userId: string;
      sessionId: string;
      reason: 'signup' | 'login';
      userAgent: string | null;
      ip: string | null;
    };
    'accounts.session.revoked': { userId: string; sessionIds: string[] };
  }
}

export {};
