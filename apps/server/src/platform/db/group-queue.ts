/**
 * The waiting room of a group commit: work that arrives while a group is
 * being written waits, and the next group takes it together (the wallet's
 * movements, the feed's signal batches). `next` says how many of the waiting
 * the next group takes (at least one is); `write` writes a group and
 * resolves when the next may start.
 */
export class GroupQueue<T> {
  private waiting: T[] = [];
  private flushing = false;

  constructor(
    private readonly write: (group: T[]) => Promise<void>,
    private readonly next: (waiting: readonly T[]) => number,
  ) {}

  add(item: T): void {
    this.waiting.push(item);
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      do {
        // Work submitted in this same turn of the event loop joins the group.
        await new Promise((resolve) => setImmediate(resolve));
        await this.write(this.waiting.splice(0, Math.max(1, this.next(this.waiting))));
      } while (this.waiting.length > 0);
    } finally {
      this.flushing = false;
    }
  }
}
