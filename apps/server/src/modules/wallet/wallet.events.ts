import type { Payment, WalletTransaction } from '@souk/contracts';

declare module '../../platform/events/event-map.js' {
  interface DomainEvents {
    /** Live pushes only (broadcast, no outbox): these users' balances changed. */
    'wallet.balances.changed': { userIds: string[] };
    /** Live pushes only: money arrived, one event per committed batch (a group commit's transfers). */
    'wallet.money.received': { received: Array<{ userId: string; transaction: WalletTransaction }> };
    'wallet.payment.received': { merchantId: string; payment: Payment };
    /** Durable (outbox): a red packet was sent to named recipients, who are told by notification. */
    'wallet.red_packet.sent': { packetId: string; senderId: string; recipientIds: string[]; message: string | null };
  }
}

export {};
