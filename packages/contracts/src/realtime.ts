import type { OrderChangedMessage } from './commerce-orders.js';
import type { Notification } from './notifications.js';
import type { Balance, Payment, WalletTransaction } from './wallet.js';

/**
 * Messages on the WebSocket at /api/ws. The server sends events on channels;
 * a client is subscribed to its own `user:{id}` channel when it connects.
 * Later modules add `room:{id}` and `conversation:{id}` channels.
 */
export type Channel = `user:${string}`;

export type RealtimeEvent =
  | { type: 'notification.created'; notification: Notification; unread: number }
  | { type: 'notification.read'; unread: number }
  /** The user's balances after a movement of their money. */
  | { type: 'wallet.balance'; balances: Balance[] }
  /** Money arrived in the user's wallet (transfer, red packet, refund, top-up). */
  | { type: 'wallet.received'; transaction: WalletTransaction }
  /** A payment reached the user's till (merchant side). */
  | { type: 'wallet.payment'; payment: Payment }
  /** One of the user's orders (as buyer or seller) changed: refetch it (GET /api/orders/:id). */
  | OrderChangedMessage;

export type ServerMessage =
  | { type: 'ready'; userId: string; channels: Channel[] }
  | { type: 'event'; channel: Channel; event: RealtimeEvent }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

export type ClientMessage = { type: 'ping' };
