import { useRealtimeMessage } from '../../app/RealtimeProvider.js';

/**
 * Calls `onChange` when the orders part pushes a change of one of my orders
 * (`commerce.order` on my channel, see OrderChangedMessage), and on every
 * (re)connection, since pushes sent while the socket was down are not replayed.
 */
export function useOrderUpdates(onChange: (orderId: string | undefined) => void): void {
  useRealtimeMessage((message) => {
    if (message.type === 'ready') return onChange(undefined);
    if (message.type === 'event' && message.event.type === 'commerce.order') onChange(message.event.orderId);
  });
}
