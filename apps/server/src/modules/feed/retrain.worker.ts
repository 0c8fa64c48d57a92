import { parentPort, threadId } from 'node:worker_threads';
import { ExactIndex } from './engine/ann.js';
import { createFeedEngine } from './engine/index.js';
import type { EngineSignal } from './engine/types.js';
import type { RetrainJob, RetrainReply, SignalColumns } from './retrain.js';

/**
 * The retrain thread: one job, one answer. The engine's vector index is never
 * searched here and is not part of a snapshot, so the exact scan (no graph to
 * build) stands in for the serving one.
 */
parentPort!.once('message', (job: RetrainJob) => {
  let reply: RetrainReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const started = performance.now();
    const engine = createFeedEngine(job.config, { index: new ExactIndex(job.config.dimensions) });
    for (const item of job.items) engine.upsertItem(item);
    engine.retrain(signalsOf(job.signals));
    const snapshot = engine.snapshot();
    reply = { ok: true, snapshot, threadId, ms: Math.round(performance.now() - started) };
    transfer.push(snapshot.buffer as ArrayBuffer);
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    reply = { ok: false, message, ...(stack ? { stack } : {}) };
  }
  parentPort!.postMessage(reply, transfer);
});

function* signalsOf(columns: SignalColumns): Generator<EngineSignal> {
  for (let i = 0; i < columns.count; i++) {
    const dwellMs = columns.dwellMs[i]!;
    const watchShare = columns.watchShare[i]!;
    yield {
      userId: columns.userIds[columns.user[i]!]!,
      itemId: columns.itemIds[columns.item[i]!]!,
      kind: columns.kinds[columns.kind[i]!]!,
      at: columns.at[i]!,
      ...(Number.isNaN(dwellMs) ? {} : { dwellMs }),
      ...(Number.isNaN(watchShare) ? {} : { watchShare }),
      ...(columns.followedAuthor[i] === 1 ? { followedAuthor: true } : {}),
    };
  }
}
