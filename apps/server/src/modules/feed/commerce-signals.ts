import type { Events } from '../../platform/events/events.js';
import type { SignalIntake } from './signals.service.js';
import '../commerce/orders/orders.events.js';
import '../commerce/affiliate/affiliate.events.js';

/**
 * What commerce tells For You: a product card opened on a post (product_click)
 * and an order paid through a post (purchase, for the buyer and that post).
 * Each signal is logged under its event's id, so a redelivered event counts
 * once; the engine learns from the first of each kind per user and post.
 */
export class CommerceSignals {
  constructor(private readonly deps: { events: Events; intake: Pick<SignalIntake, 'recordEvent'> }) {}

  subscribe(): void {
    const { events, intake } = this.deps;
    events.handle('commerce.product.clicked', (event) =>
      intake.recordEvent(event.payload.userId, event.id, event.payload.postId, 'product_click', event.occurredAt),
    );
    events.handle('commerce.order.paid', async (event) => {
      const postIds = [...new Set(event.payload.items.flatMap((item) => (item.postId ? [item.postId] : [])))];
      // One purchase per post of the order, whatever the number of its items bought through that post.
      for (const postId of postIds) await intake.recordEvent(event.payload.buyerId, `${event.id}.${postId}`, postId, 'purchase', event.occurredAt);
    });
  }
}
