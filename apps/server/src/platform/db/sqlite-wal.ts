import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Makes SQLite commits durable without blocking the event loop. What
 * synchronous=FULL adds to NORMAL in WAL mode is one fsync of the WAL after
 * the commit's frames are written; better-sqlite3 would run it on the main
 * thread, so nothing else (parsing the next requests) happens during it.
 * Here the commit writes its frames under NORMAL, then the WAL file is
 * fsynced on libuv's thread pool, and the caller is answered after that: its
 * frames are on disk by then, exactly as under FULL. (A checkpoint, under
 * NORMAL too, syncs the WAL before copying it and the database after, so
 * frames it moves are on disk as well.) Commits that end while one fsync
 * runs share the next one. Unlike FULL, a commit is visible to other
 * requests while its fsync runs; only its own caller waits.
 */
export class WalSync {
  private file: Promise<fs.promises.FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  sync(): Promise<void> {
    if (!this.running) return this.start();
    // The fsync in flight may have begun before this commit wrote its frames: the next one begins after.
    this.next ??= this.running.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.next?.catch(() => undefined);
    const file = this.file;
    this.file = null;
    if (file) await (await file).close();
  }

  private startNext(): Promise<void> {
    this.next = null;
    return this.start();
  }

  private start(): Promise<void> {
    // The WAL exists once anything was written in WAL mode (migrations have); it keeps its inode until the last connection closes.
    if (!this.file) {
      const opening = fs.promises.open(this.walPath, 'r+');
      this.file = opening;
      opening.catch(() => {
        if (this.file === opening) this.file = null;
      });
    }
    const running = this.file.then((file) => file.sync());
    this.running = running;
    void running.finally(() => {
      if (this.running === running) this.running = null;
    }).catch(() => undefined);
    return running;
  }
}


/**
 * A page changed by many commits between two checkpoints is copied once, so
 * fewer checkpoints copy less: at 500 ms rather than 100, the wallet bench's
 * checkpointer thread spent 1.7-2.3 us of CPU per transfer instead of 5.0.
 * Longer would let a busy WAL (about 1.5 pages a transfer) reach the
 * connection's own backstop checkpoint (20,000 pages, database.ts), which
 * runs on the event loop.
 */
const CHECKPOINT_EVERY_MS = 500;

// CommonJS, run as the worker's code: its own connection to the file, a PASSIVE checkpoint now and then.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String(error));
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies the WAL back into the database on a thread of its own. SQLite
 * otherwise checkpoints inside the commit that fills the WAL past its limit,
 * on the event loop: thousands of pages copied and two fsyncs while no
 * request moves. A PASSIVE checkpoint runs beside the writer (it takes
 * neither the write lock nor a reader's snapshot from it) and syncs the WAL
 * before and the database after copying, as the automatic one does.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(CHECKPOINTER_SOURCE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
    // A failed checkpoint is retried at the next tick; the connection's own automatic checkpoint remains the backstop.
    this.worker.on('message', () => undefined);
    this.worker.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  async close(): Promise<void> {
    // Unref'd, the worker would let a process with nothing else to do exit before its 'exit' arrives, leaving this await unsettled (the CLI then exits with 13).
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }
}
