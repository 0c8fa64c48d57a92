import { useRealtimeMessage } from '../../app/RealtimeProvider.js';

/**
 * Calls `onChange` when the orders part pushes a change of one of my orders
 * (`commerce.order` on my channel, see OrderChangedMessage), and on every
 * (re)connection, since pushes sent while the socket was down are not replayed.
 */
export function useOrderUpdates(onChange: (orderId: string | undefined) => void): void {
  useRealtimeMessage((message) => {
    if (message.type === 'ready') return onChange(undefined);
    if (message.type !== 'event') return;
    // The realtime contract's union does not list commerce events yet: the push is read by its shape.
    const event = message.event as unknown as { type: string; orderId?: unknown };
    if (event.type === 'commerce.order' && typeof event.orderId === 'string') onChange(event.orderId);
  });
}
