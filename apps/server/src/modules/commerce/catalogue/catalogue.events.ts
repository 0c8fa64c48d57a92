declare module '../../../platform/events/event-map.js' {
  interface DomainEvents {
    /** Durable (outbox): a product's title or category changed; affiliate refreshes the copies its marketplace filters on. */
    'commerce.product.updated': { productId: string };
  }
}

export {};
