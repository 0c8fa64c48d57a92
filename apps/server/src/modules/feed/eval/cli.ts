/**
 * `npm run eval:feed`: the For You evaluation harness.
 *
 *   npm run eval:feed -- --data ../shared/data/movielens-100k [--out results.json] [--seed 42]
 *       [--ease-cap 5000] [--models popular,ease]
 *   npm run eval:feed -- --simulate [--seed 42]
 *
 * Reads a data set in the common format (dataset.ts), applies the protocol
 * of protocol.ts and prints one table of HR@10/20, NDCG@10/20 and coverage
 * for the baselines and Souk's engine, with the data's figures and timings.
 * --simulate runs simulation.ts instead: synthetic users scroll the feed.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDataset } from './dataset.js';
import {
  contender,
  easeBaseline,
  itemKnnBaseline,
  popularBaseline,
  prepareEvaluation,
  transitionBaseline,
  TUNING_USERS_MAX,
  type Contender,
  type ModelResult,
} from './harness.js';
import { splitByTime } from './protocol.js';
import { datasetSummary, jsonRows, PROTOCOL_LINES, resultsTable } from './report.js';
import { DEFAULT_SIMULATION, simulate, simulationReport } from './simulation.js';
import { SOUK_LINE, soukBatch, soukOnline } from './souk.models.js';

/** About 40 s for the inverse on one core of the reference machine (n³/2 multiply-adds at ~1.7 G/s), a minute with the tuning. */
const DEFAULT_EASE_CAP = 5_000;
const DEFAULT_SEED = 42;
/** The table's rows, in order. */
const MODELS = ['popular', 'item-knn', 'ease', 'transition', 'souk-batch', 'souk-online'];

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'ease-cap': { type: 'string' },
    models: { type: 'string' },
    simulate: { type: 'boolean' },
  },
  strict: true,
});

function integerOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function main(): void {
  if (values.simulate) {
    const seed = integerOption('seed', values.seed, DEFAULT_SIMULATION.seed);
    console.log(simulationReport(simulate({ ...DEFAULT_SIMULATION, seed })));
    return;
  }
  if (values.data === undefined) throw new Error('--data DIR is required (a folder with interactions.csv and optionally items.csv)');
  const seed = integerOption('seed', values.seed, DEFAULT_SEED);
  const easeCap = integerOption('ease-cap', values['ease-cap'], DEFAULT_EASE_CAP);
  const wanted = values.models?.split(',').map((name) => name.trim()) ?? MODELS;
  const unknown = wanted.filter((name) => !MODELS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown model ${unknown.join(', ')}; the models are ${MODELS.join(', ')}`);

  const log = (line: string) => console.log(line);
  log(`seed ${seed}`);
  const loadStart = performance.now();
  const dataset = loadDataset(values.data);
  const split = splitByTime(dataset);
  const evaluation = prepareEvaluation(split, seed);
  log(`data ${values.data} (read and split in ${seconds(performance.now() - loadStart)})`);
  for (const line of datasetSummary(dataset, split, evaluation.test)) log(`  ${line}`);
  for (const line of PROTOCOL_LINES) log(line);
  log(`tuning: NDCG@20 on validation over ${evaluation.tuningUsers.length} users (a seeded sample when there are more than ${TUNING_USERS_MAX})`);
  log(SOUK_LINE);
  log(`EASE: the ${Math.min(easeCap, split.itemCount)} most popular items (cap ${easeCap}); other items score -inf`);

  const contenders: Contender[] = [
    contender(popularBaseline),
    contender(itemKnnBaseline),
    contender(easeBaseline(Math.min(easeCap, split.itemCount))),
    contender(transitionBaseline),
    soukBatch(dataset),
    soukOnline(dataset),
  ];
  const results: ModelResult[] = [];
  for (const { name, run } of contenders) {
    if (!wanted.includes(name)) continue;
    const started = performance.now();
    const result = run(evaluation, log);
    log(`${name}: ${result.parameters}, test NDCG@20 ${result.metrics.ndcgAt20.toFixed(4)} in ${seconds(performance.now() - started)}`);
    results.push(result);
  }
  log('');
  log(resultsTable(results));
  if (values.out !== undefined) {
    fs.writeFileSync(values.out, `${JSON.stringify(jsonRows(results), null, 2)}\n`);
    log(`\nwrote ${values.out}`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main();
