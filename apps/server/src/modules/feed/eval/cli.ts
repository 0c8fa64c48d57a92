/**
 * `npm run eval:feed`: the For You evaluation harness.
 *
 *   npm run eval:feed -- --data ../shared/data/movielens-100k [--out results.json] [--seed 42]
 *       [--ease-cap 5000] [--users 10000] [--models popular,ease] [--workers 2]
 *   npm run eval:feed -- --simulate [--seed 42]
 *
 * Reads a data set in the common format (dataset.ts), applies the protocol
 * of protocol.ts and prints one table of HR@10/20, NDCG@10/20 and coverage
 * for the baselines and Souk's engine, with the data's figures and timings.
 * The rows run side by side in worker processes (runner.ts), two by default.
 * --simulate runs simulation.ts instead: synthetic users scroll the feed.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { DatasetError, loadDataset } from './dataset.js';
import { prepareEvaluation, TUNING_USERS_MAX } from './harness.js';
import { splitByTime } from './protocol.js';
import { datasetSummary, jsonRows, PROTOCOL_LINES, resultsTable, retrievalTables } from './report.js';
import { MODELS, runModels } from './runner.js';
import { DEFAULT_SIMULATION, simulate, simulationReport } from './simulation.js';
import { SOUK_LINE } from './souk.models.js';

/** About 40 s for the inverse on one core of the reference machine (n³/2 multiply-adds at ~1.7 G/s), a minute with the tuning. */
const DEFAULT_EASE_CAP = 5_000;
const DEFAULT_SEED = 42;
/**
 * Souk's pages cost milliseconds each (the engine's full pipeline), so past
 * this many evaluated users every row is scored on the same seeded sample,
 * which keeps a large data set within minutes; --users raises it.
 */
const DEFAULT_TEST_USERS = 10_000;
/** The reference machine has two cores; the rows are independent, so two run at once. */
const DEFAULT_WORKERS = Math.min(2, os.availableParallelism());

function commandLine() {
  try {
    return parseArgs({
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        'ease-cap': { type: 'string' },
        models: { type: 'string' },
        users: { type: 'string' },
        workers: { type: 'string' },
        simulate: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A mistake in the command line: printed without a stack. */
class UsageError extends Error {}

function integerOption(name: string, raw: string | undefined, fallback: number, minimum = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum) throw new UsageError(`--${name} must be an integer of at least ${minimum}, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const values = commandLine();
  if (values.simulate) {
    const seed = integerOption('seed', values.seed, DEFAULT_SIMULATION.seed);
    // The same users and world with exploration off: what the budget does to popularity bias.
    console.log(simulationReport(simulate({ ...DEFAULT_SIMULATION, seed }), simulate({ ...DEFAULT_SIMULATION, seed, engine: { explorationShare: 0 } })));
    return;
  }
  if (values.data === undefined) throw new UsageError('--data DIR is required (a folder with interactions.csv and optionally items.csv)');
  const seed = integerOption('seed', values.seed, DEFAULT_SEED);
  const easeCap = integerOption('ease-cap', values['ease-cap'], DEFAULT_EASE_CAP, 1);
  const testUsers = integerOption('users', values.users, DEFAULT_TEST_USERS, 1);
  const workers = integerOption('workers', values.workers, DEFAULT_WORKERS, 1);
  const wanted = values.models?.split(',').map((name) => name.trim()) ?? [...MODELS];
  const unknown = wanted.filter((name) => !(MODELS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown model ${unknown.join(', ')}; the models are ${MODELS.join(', ')}`);

  const log = (line: string) => console.log(line);
  log(`seed ${seed}`);
  const loadStart = performance.now();
  const dataset = loadDataset(values.data);
  const split = splitByTime(dataset);
  const evaluation = prepareEvaluation(split, seed, testUsers);
  log(`data ${values.data} (read and split in ${seconds(performance.now() - loadStart)})`);
  for (const line of datasetSummary(dataset, split, evaluation.test)) log(`  ${line}`);
  for (const line of PROTOCOL_LINES) log(line);
  log(
    evaluation.testUsers.length === split.evaluated.length
      ? `scored: all ${split.evaluated.length} evaluated users`
      : `scored: a seeded sample of ${evaluation.testUsers.length} of the ${split.evaluated.length} evaluated users (--users ${testUsers}), the same for every row`,
  );
  log(`tuning: NDCG@20 on validation over ${evaluation.tuningUsers.length} users (a seeded sample when there are more than ${TUNING_USERS_MAX})`);
  log(SOUK_LINE);
  log(`EASE: the ${Math.min(easeCap, split.itemCount)} most popular items (cap ${easeCap}); other items score -inf`);

  log(`rows: ${workers === 1 ? 'one after another' : `side by side in ${workers} worker processes, each taking the longest row left`}`);
  let rowsCpuMs = 0;
  const results = await runModels(dataset, { seed, easeCap, testUsers }, wanted, workers, ({ lines, cpuMs }) => {
    for (const line of lines) log(line);
    rowsCpuMs += cpuMs;
  });
  log('');
  log(resultsTable(results));
  for (const table of retrievalTables(results)) log(`\n${table}`);
  log(`\ntotal ${seconds(performance.now() - loadStart)} (the rows' CPU ${seconds(rowsCpuMs)})`);
  if (values.out !== undefined) {
    fs.writeFileSync(values.out, `${JSON.stringify(jsonRows(results), null, 2)}\n`);
    log(`\nwrote ${values.out}`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error: unknown) => {
  if (!(error instanceof UsageError || error instanceof DatasetError)) throw error;
  console.error(`eval:feed: ${error.message}`);
  process.exitCode = 1;
});
