declare module '../../../platform/events/event-map.js' {
  interface DomainEvents {
    /** Durable (outbox): a signed-in user opened a product card on a post; the feed learns that the post sells. */
    'commerce.product.clicked': { userId: string; productId: string; postId: string; creatorId: string };
  }
}

export {};
