import type { SignalKind } from '@souk/contracts';

/** A signal as the log holds it: `seq` is its place in the log, the position model snapshots count in. */
export interface LoggedSignal {
  seq: number;
  userId: string;
  itemId: string;
  kind: SignalKind;
  /** Epoch milliseconds. */
  at: number;
  dwellMs?: number;
  watchShare?: number;
  followedAuthor?: boolean;
}

declare module '../../platform/events/event-map.js' {
  interface DomainEvents {
    /**
     * Bus only (events.broadcast): signals one process accepted and learnt
     * from, so the other processes' engines learn them too. `origin` names
     * the process, which has already applied them.
     */
    'feed.signals.learned': { origin: string; signals: LoggedSignal[] };
    /** Bus only: a process saved a retrained model, for the others to pick up. */
    'feed.model.retrained': { origin: string; snapshotId: number };
  }
}
