import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineConfig, EngineItem, EngineSignal } from './engine/types.js';
import type { LoggedSignal } from './feed.events.js';

/**
 * The signal log in columns, for the retrain worker: one typed array per
 * field and each id once in a table, so tens of thousands of signals cross
 * to the worker as a few transferred buffers rather than as cloned objects.
 */
export interface SignalColumns {
  count: number;
  userIds: string[];
  itemIds: string[];
  kinds: Array<EngineSignal['kind']>;
  /** Indexes into the tables above. */
  user: Int32Array<ArrayBuffer>;
  item: Int32Array<ArrayBuffer>;
  kind: Uint8Array<ArrayBuffer>;
  at: Float64Array<ArrayBuffer>;
  /** NaN where the signal has none. */
  dwellMs: Float64Array<ArrayBuffer>;
  watchShare: Float64Array<ArrayBuffer>;
  /** 1 where the user followed the post's author. */
  followedAuthor: Uint8Array<ArrayBuffer>;
}

/** What the worker retrains on: the catalogue in the order the engine is given it, then the log. */
export interface RetrainJob {
  config: EngineConfig;
  items: EngineItem[];
  signals: SignalColumns;
}

export type RetrainReply =
  | { ok: true; snapshot: Uint8Array; threadId: number; ms: number }
  | { ok: false; message: string; stack?: string };

export interface RetrainResult {
  /** The retrained engine's snapshot. */
  snapshot: Uint8Array;
  /** The worker's thread, and how long its retrain took. */
  threadId: number;
  ms: number;
}

/** Collects log pages into columns as they are read. */
export class SignalColumnsBuilder {
  private count = 0;
  private capacity = 1024;
  private readonly tables = { users: new Table<string>(), items: new Table<string>(), kinds: new Table<EngineSignal['kind']>() };
  private user = new Int32Array(this.capacity);
  private item = new Int32Array(this.capacity);
  private kind = new Uint8Array(this.capacity);
  private at = new Float64Array(this.capacity);
  private dwellMs = new Float64Array(this.capacity);
  private watchShare = new Float64Array(this.capacity);
  private followedAuthor = new Uint8Array(this.capacity);
  /** The log position of the last signal added. */
  lastSeq = 0;

  add(signals: readonly LoggedSignal[]): void {
    if (this.count + signals.length > this.capacity) this.grow(this.count + signals.length);
    for (const signal of signals) {
      const i = this.count++;
      this.user[i] = this.tables.users.indexOf(signal.userId);
      this.item[i] = this.tables.items.indexOf(signal.itemId);
      this.kind[i] = this.tables.kinds.indexOf(signal.kind);
      this.at[i] = signal.at;
      this.dwellMs[i] = signal.dwellMs ?? Number.NaN;
      this.watchShare[i] = signal.watchShare ?? Number.NaN;
      this.followedAuthor[i] = signal.followedAuthor ? 1 : 0;
      this.lastSeq = signal.seq;
    }
  }

  finish(): SignalColumns {
    const n = this.count;
    return {
      count: n,
      userIds: this.tables.users.ids,
      itemIds: this.tables.items.ids,
      kinds: this.tables.kinds.ids,
      user: this.user.slice(0, n),
      item: this.item.slice(0, n),
      kind: this.kind.slice(0, n),
      at: this.at.slice(0, n),
      dwellMs: this.dwellMs.slice(0, n),
      watchShare: this.watchShare.slice(0, n),
      followedAuthor: this.followedAuthor.slice(0, n),
    };
  }

  private grow(needed: number): void {
    while (this.capacity < needed) this.capacity *= 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(this.capacity);
      next.set(array);
      return next;
    };
    this.user = grown(this.user, (n) => new Int32Array(n));
    this.item = grown(this.item, (n) => new Int32Array(n));
    this.kind = grown(this.kind, (n) => new Uint8Array(n));
    this.at = grown(this.at, (n) => new Float64Array(n));
    this.dwellMs = grown(this.dwellMs, (n) => new Float64Array(n));
    this.watchShare = grown(this.watchShare, (n) => new Float64Array(n));
    this.followedAuthor = grown(this.followedAuthor, (n) => new Uint8Array(n));
  }
}

class Table<Id extends string> {
  readonly ids: Id[] = [];
  private readonly index = new Map<Id, number>();

  indexOf(id: Id): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }
}

/** A retrain running in its own thread; terminate() stops it, and `result` then rejects. */
export interface RunningRetrain {
  result: Promise<RetrainResult>;
  terminate(): Promise<void>;
}

/**
 * Runs the engine's full retrain in a worker thread, so the event loop keeps
 * serving meanwhile. The columns' buffers are moved to the worker, not copied:
 * `job` is unusable afterwards.
 */
export function startRetrain(job: RetrainJob): RunningRetrain {
  const worker = spawnWorker();
  const { signals } = job;
  const result = new Promise<RetrainResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.once('message', (reply: RetrainReply) =>
      settle(() => {
        if (reply.ok) resolve({ snapshot: reply.snapshot, threadId: reply.threadId, ms: reply.ms });
        else reject(Object.assign(new Error(`feed retrain worker failed: ${reply.message}`), { workerStack: reply.stack }));
      }),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`feed retrain worker exited (code ${code}) before answering`))));
  });
  worker.postMessage(job, [signals.user.buffer, signals.item.buffer, signals.kind.buffer, signals.at.buffer, signals.dwellMs.buffer, signals.watchShare.buffer, signals.followedAuthor.buffer]);
  return { result, terminate: () => worker.terminate().then(() => undefined) };
}

/**
 * The compiled worker next to the compiled module in production; its
 * TypeScript source under the test runner, loaded through tsx (a dev
 * dependency, which a worker thread on Node 20 only takes by registering it
 * itself: `--import` in a worker's execArgv is not applied to its entry).
 */
function spawnWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './retrain.worker.ts' : './retrain.worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry);
  // An eval'd script has a global __dirname ('.'); usearch, which the engine loads, would look for its native build from there.
  const bootstrap = [
    'delete globalThis.__dirname;',
    'delete globalThis.__filename;',
    `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
  ].join('\n');
  return new Worker(bootstrap, { eval: true });
}

/**
 * Where tsx's ESM API is, found through tsx's own exports: its CommonJS
 * build (what require.resolve gives) cannot register the loader, and its
 * `--import` entry registers it only on the main thread.
 */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = exports['./esm/api']?.import?.default;
  if (!entry) throw new Error('tsx has no ESM API entry: the retrain worker cannot load its TypeScript source');
  return new URL(entry, pathToFileURL(manifest)).href;
}
