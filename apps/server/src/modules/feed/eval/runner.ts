import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dataset } from './dataset.js';
import {
  contender,
  easeBaseline,
  itemKnnBaseline,
  popularBaseline,
  prepareEvaluation,
  transitionBaseline,
  type Contender,
  type Evaluation,
  type ModelResult,
} from './harness.js';
import { splitByTime } from './protocol.js';
import { soukBatch, soukOnline } from './souk.models.js';

/**
 * Runs the table's rows, in this process or spread over child processes. The
 * rows are independent (each fits on the same deterministic split and seeded
 * samples, and nothing one fit memoises is read by another row), so a row's
 * figures do not depend on which process ran it or on what ran beside it.
 * Processes rather than worker threads: usearch's native module does not
 * load in a worker thread (the import never settles).
 */

/** The table's rows, in order. */
export const MODELS = ['popular', 'item-knn', 'ease', 'transition', 'souk-batch', 'souk-online'] as const;

/** The order rows are handed to free workers: the longest first (times on the `big` synthetic set), so the last to finish is a short one. */
const LONGEST_FIRST: readonly string[] = ['souk-online', 'souk-batch', 'ease', 'transition', 'item-knn', 'popular'];

export interface RunSettings {
  seed: number;
  easeCap: number;
  testUsers: number;
}

export interface Finished {
  result: ModelResult;
  /** The row's progress lines, kept together so rows run side by side do not interleave. */
  lines: string[];
  /** CPU time of the process while it ran the row. */
  cpuMs: number;
}

function contenders(dataset: Dataset, easeCap: number, itemCount: number): Contender[] {
  return [
    contender(popularBaseline),
    contender(itemKnnBaseline),
    contender(easeBaseline(Math.min(easeCap, itemCount))),
    contender(transitionBaseline),
    soukBatch(dataset),
    soukOnline(dataset),
  ];
}

/** What every row reads: the split and samples are deterministic, so each process rebuilds the same one. */
class Rows {
  private readonly evaluation: Evaluation;
  private readonly byName: Map<string, Contender>;

  constructor(dataset: Dataset, settings: RunSettings) {
    const split = splitByTime(dataset);
    this.evaluation = prepareEvaluation(split, settings.seed, settings.testUsers);
    this.byName = new Map(contenders(dataset, settings.easeCap, split.itemCount).map((row) => [row.name, row]));
  }

  run(name: string): Finished {
    const lines: string[] = [];
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = this.byName.get(name)!.run(this.evaluation, (line) => lines.push(line));
    const { user, system } = process.cpuUsage(cpu);
    // CPU time beside the wall time: on a shared machine it is the steadier of the two.
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    lines.push(`${name}: ${result.parameters}, test NDCG@20 ${result.metrics.ndcgAt20.toFixed(4)} in ${seconds(performance.now() - started)} s (CPU ${seconds((user + system) / 1000)} s)`);
    return { result, lines, cpuMs: (user + system) / 1000 };
  }
}

/**
 * The `models` rows, in the table's order. With more than one worker, each
 * worker process takes the longest row not yet started whenever it is free;
 * `onFinished` hears of each row as it completes.
 */
export async function runModels(dataset: Dataset, settings: RunSettings, models: readonly string[], workers: number, onFinished: (finished: Finished) => void): Promise<ModelResult[]> {
  const byName = new Map<string, ModelResult>();
  if (workers <= 1 || models.length <= 1) {
    const rows = new Rows(dataset, settings);
    for (const name of MODELS) {
      if (!models.includes(name)) continue;
      const finished = rows.run(name);
      onFinished(finished);
      byName.set(name, finished.result);
    }
  } else {
    const queue = LONGEST_FIRST.filter((name) => models.includes(name));
    const threads = Math.min(workers, queue.length);
    await Promise.all(Array.from({ length: threads }, () => drain(dataset, settings, queue, (finished) => {
      onFinished(finished);
      byName.set(finished.result.model, finished.result);
    })));
  }
  return MODELS.filter((name) => byName.has(name)).map((name) => byName.get(name)!);
}

type ToWorker = { type: 'setup'; dataset: Dataset; settings: RunSettings } | { type: 'run'; name: string };
type FromWorker = { type: 'finished'; finished: Finished } | { type: 'failed'; message: string };

/** One worker process taking rows from the shared queue until it is empty. */
function drain(dataset: Dataset, settings: RunSettings, queue: string[], onFinished: (finished: Finished) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // fork() passes this process's loader flags (tsx) on, so the child loads this TypeScript file; 'advanced' sends typed arrays as they are.
    const worker: ChildProcess = fork(fileURLToPath(import.meta.url), [WORKER_FLAG], { serialization: 'advanced', stdio: 'inherit' });
    const send = (message: ToWorker): void => void worker.send(message);
    const next = (): void => {
      const name = queue.shift();
      if (name === undefined) worker.disconnect();
      else send({ type: 'run', name });
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') {
        worker.kill();
        reject(new Error(message.message));
        return;
      }
      onFinished(message.finished);
      next();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`an eval worker exited with code ${code}`))));
    send({ type: 'setup', dataset, settings });
    next();
  });
}

const WORKER_FLAG = '--feed-eval-worker';

if (process.argv.includes(WORKER_FLAG) && process.send) {
  let rows: Rows | undefined;
  process.on('message', (message: ToWorker) => {
    if (message.type === 'setup') {
      rows = new Rows(message.dataset, message.settings);
      return;
    }
    try {
      process.send!({ type: 'finished', finished: rows!.run(message.name) } satisfies FromWorker);
    } catch (error) {
      process.send!({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker);
    }
  });
}
