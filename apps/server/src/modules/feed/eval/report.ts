import type { Dataset } from './dataset.js';
import type { ModelResult } from './harness.js';
import { historyOf, MIN_EVALUATED, type Phase, type Split } from './protocol.js';

/** The JSON rows `--out` writes, in the order of the table. */
export interface JsonRow {
  model: string;
  hr_at_10: number;
  hr_at_20: number;
  ndcg_at_10: number;
  ndcg_at_20: number;
  coverage: number;
}

export function jsonRows(results: readonly ModelResult[]): JsonRow[] {
  return results.map(({ model, metrics }) => ({
    model,
    hr_at_10: round(metrics.hrAt10),
    hr_at_20: round(metrics.hrAt20),
    ndcg_at_10: round(metrics.ndcgAt10),
    ndcg_at_20: round(metrics.ndcgAt20),
    coverage: round(metrics.coverage),
  }));
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function datasetSummary(dataset: Dataset, split: Split, test: Phase): string[] {
  const interactions = dataset.users.length;
  const users = split.userCount;
  const items = split.itemCount;
  let repeats = 0;
  for (const user of split.evaluated) {
    if (historyOf(test.history, user).includes(test.target[user]!)) repeats++;
  }
  const tagged = dataset.itemTags.filter((tags) => tags.length > 0).length;
  const tags = new Set(dataset.itemTags.flat()).size;
  return [
    `interactions ${count(interactions)}, users ${count(users)}, items ${count(items)}, density ${((100 * interactions) / (users * items)).toFixed(3)}%`,
    `evaluated users ${count(split.evaluated.length)}; ${count(users - split.evaluated.length)} users with fewer than ${MIN_EVALUATED} interactions are training data only`,
    `test targets the user had already interacted with (repeats, still ranked): ${count(repeats)}`,
    dataset.hasItemsFile
      ? `items.csv: ${count(tagged)} of the catalogue's items tagged, ${count(tags)} distinct tags; ${count(dataset.itemsWithoutInteractions)} rows for items without interactions left out`
      : 'items.csv: absent (no tags)',
  ];
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

export const PROTOCOL_LINES = [
  'protocol: leave-one-out by time per user (last interaction = test, the one before = validation, earlier = training; timestamp ties keep file order)',
  'history: hyperparameters are chosen on validation (predicted from training); the test target is predicted from training+validation',
  'ranking: full; the target is ranked against every catalogue item (item with at least one interaction) outside the user\'s training+validation history',
  'coverage: share of catalogue items that appear in at least one scored user\'s top-20 test list; list: mean length of those lists',
];

export function resultsTable(results: readonly ModelResult[]): string {
  const header = ['model', 'HR@10', 'HR@20', 'NDCG@10', 'NDCG@20', 'coverage', 'list', 'tune s', 'fit s', 'eval s', 'parameters'];
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const rows = results.map(({ model, metrics, timings, parameters }) => [
    model,
    metrics.hrAt10.toFixed(4),
    metrics.hrAt20.toFixed(4),
    metrics.ndcgAt10.toFixed(4),
    metrics.ndcgAt20.toFixed(4),
    metrics.coverage.toFixed(4),
    metrics.meanListLength.toFixed(1),
    seconds(timings.tuneMs),
    seconds(timings.fitMs),
    seconds(timings.evaluateMs),
    parameters,
  ]);
  return alignedTable([header, ...rows]);
}

/**
 * The retrieval table of each Souk row: how often each source alone
 * retrieved the held-out item, the merged pool, and how often the ranker
 * then put a retrieved target in the top 20; one table per Souk row.
 */
export function retrievalTables(results: readonly ModelResult[]): string[] {
  return results.flatMap(({ model, retrieval }) => {
    if (!retrieval) return [];
    const rows = [
      ['source', 'recall', 'candidates'],
      ...retrieval.sources.map(({ source, recall, candidates }) => [source, recall.toFixed(4), candidates.toFixed(1)]),
      ['merged', retrieval.merged.recall.toFixed(4), retrieval.merged.candidates.toFixed(1)],
    ];
    return [
      [
        `${model} retrieval: the share of scored users whose test target each source retrieved (after the filters), and its mean candidates`,
        alignedTable(rows),
        `of the targets retrieved, ranked into the top 20: ${retrieval.rankedGivenRetrieved.toFixed(4)}`,
      ].join('\n'),
    ];
  });
}

/** Columns padded to their widest cell; the last column is left ragged. */
export function alignedTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 2))).join('').trimEnd())
    .join('\n');
}
