import { easeRecommender, type EaseParameters } from './ease.baseline.js';
import { itemKnnRecommender, itemNeighbours } from './item-knn.baseline.js';
import { evaluate, evaluateAll, type Metrics, type Recommender } from './metrics.js';
import { popularRecommender } from './popular.baseline.js';
import { interactionMatrix, testPhase, validationPhase, type History, type InteractionMatrix, type Phase, type Split } from './protocol.js';
import { sampleInOrder, seededRandom } from './random.js';
import { transitionPopularity, transitionRecommender, transitions, TransitionScores, type TransitionParameters } from './transition.baseline.js';

/**
 * Runs the baselines the way the protocol asks: each hyperparameter value is
 * fitted on training and scored on the validation targets (NDCG@20), the best
 * is refitted on training+validation and scored once on the test targets.
 */

/** What a fit can use: the history, its binary matrix, and a memo for what several parameter values share. */
export interface FitContext {
  history: History;
  matrix: InteractionMatrix;
  memo<T>(key: string, make: () => T): T;
}

export interface Baseline<P> {
  name: string;
  /** The values tried on validation; one value means nothing is tuned. */
  grid: P[];
  /** The parameters of the final fit, from the best of the grid (EASE tunes at a smaller cap). */
  final(best: P): P;
  describe(parameters: P): string;
  fit(context: FitContext, parameters: P): Recommender;
}

export interface Timings {
  /** Fitting and scoring every grid value on validation. */
  tuneMs: number;
  fitMs: number;
  evaluateMs: number;
}

export interface ModelResult {
  model: string;
  metrics: Metrics;
  /** The parameters used for the test, in words. */
  parameters: string;
  timings: Timings;
  /** Souk's rows only: how often each candidate source retrieved the target. */
  retrieval?: RetrievalFigures;
}

/** Retrieval measured source by source, over the scored users' test targets. */
export interface RetrievalFigures {
  /** Per source: the share of users whose target it retrieved (after the filters), and the mean count of its candidates. */
  sources: Array<{ source: string; recall: number; candidates: number }>;
  /** All sources merged: the share of users whose target reached the ranker, and the mean pool. */
  merged: { recall: number; candidates: number };
  /** Of the users whose target reached the ranker, the share whose top 20 held it. */
  rankedGivenRetrieved: number;
}

/** Tuning reads at most this many validation users (a seeded sample), so a large data set's grid stays affordable. */
export const TUNING_USERS_MAX = 5_000;

export interface Evaluation {
  split: Split;
  validation: Phase;
  test: Phase;
  validationContext: FitContext;
  testContext: FitContext;
  tuningUsers: Int32Array;
  /** The users whose test targets every row is scored on: all evaluated users, or a seeded sample of them. */
  testUsers: Int32Array;
  seed: number;
}

/**
 * `testUsersMax` bounds the users scored on test (every model on the same
 * seeded sample); every user's history is still used for fitting.
 */
export function prepareEvaluation(split: Split, seed: number, testUsersMax = Infinity): Evaluation {
  const random = seededRandom(seed);
  const validation = validationPhase(split);
  const test = testPhase(split);
  return {
    split,
    validation,
    test,
    validationContext: fitContext(validation.history),
    testContext: fitContext(test.history),
    tuningUsers: sampleInOrder(split.evaluated, TUNING_USERS_MAX, random),
    testUsers: sampleInOrder(split.evaluated, testUsersMax, random),
    seed,
  };
}

function fitContext(history: History): FitContext {
  const memos = new Map<string, unknown>();
  let matrix: InteractionMatrix | undefined;
  return {
    history,
    get matrix() {
      matrix ??= interactionMatrix(history);
      return matrix;
    },
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
  };
}

/** A row of the table: a baseline with its tuning, or one of Souk's models. */
export interface Contender {
  name: string;
  run(evaluation: Evaluation, log: (line: string) => void): ModelResult;
}

export function contender<P>(baseline: Baseline<P>): Contender {
  return { name: baseline.name, run: (evaluation, log) => runBaseline(baseline, evaluation, log) };
}

export function runBaseline<P>(baseline: Baseline<P>, evaluation: Evaluation, log: (line: string) => void = () => {}): ModelResult {
  const tuneStart = performance.now();
  let best: P = baseline.grid[0]!;
  if (baseline.grid.length > 1) {
    let bestScore = -1;
    // Every grid value is scored user by user (evaluateAll), so values that share work for a user can reuse it.
    const recommenders = baseline.grid.map((parameters) => baseline.fit(evaluation.validationContext, parameters));
    const scores = evaluateAll(recommenders, evaluation.validation, evaluation.tuningUsers);
    baseline.grid.forEach((parameters, k) => {
      const { ndcgAt20 } = scores[k]!;
      log(`  ${baseline.name} ${baseline.describe(parameters)}: validation NDCG@20 ${ndcgAt20.toFixed(4)}`);
      if (ndcgAt20 > bestScore) {
        bestScore = ndcgAt20;
        best = parameters;
      }
    });
  }
  const tuneMs = performance.now() - tuneStart;
  const parameters = baseline.final(best);
  const fitStart = performance.now();
  const recommender = baseline.fit(evaluation.testContext, parameters);
  const fitMs = performance.now() - fitStart;
  const evaluateStart = performance.now();
  const metrics = evaluate(recommender, evaluation.test, evaluation.testUsers);
  const evaluateMs = performance.now() - evaluateStart;
  return { model: baseline.name, metrics, parameters: baseline.describe(parameters), timings: { tuneMs, fitMs, evaluateMs } };
}

const unchanged = <P>(parameters: P): P => parameters;

export const popularBaseline: Baseline<Record<string, never>> = {
  name: 'popular',
  grid: [{}],
  final: unchanged,
  describe: () => '-',
  fit: (context) => popularRecommender(context.matrix),
};

const KNN_GRID = [3, 5, 10, 20, 50, 100, 200, 400];
const KNN_MAX = Math.max(...KNN_GRID);

export const itemKnnBaseline: Baseline<{ k: number }> = {
  name: 'item-knn',
  grid: KNN_GRID.map((k) => ({ k })),
  final: unchanged,
  describe: ({ k }) => `k=${k}`,
  fit: (context, { k }) =>
    itemKnnRecommender(
      context.matrix,
      context.memo('neighbours', () => itemNeighbours(context.matrix, KNN_MAX)),
      k,
    ),
};

/** λ values around the ones Steck reports (200–1000 on the larger sets); small data sets prefer the low end. */
const EASE_LAMBDAS = [50, 100, 250, 500, 1000, 2000];
/** λ is tuned over at most this many items, a matrix whose inverse takes seconds. */
export const EASE_TUNING_CAP = 2_000;

export function easeBaseline(cap: number): Baseline<EaseParameters> {
  return {
    name: 'ease',
    grid: EASE_LAMBDAS.map((lambda) => ({ lambda, cap: Math.min(cap, EASE_TUNING_CAP) })),
    final: ({ lambda }) => ({ lambda, cap }),
    describe: ({ lambda, cap: itemsKept }) => `λ=${lambda} cap=${itemsKept}`,
    fit: (context, parameters) => easeRecommender(context.matrix, parameters),
  };
}

// With one last item, the decay changes nothing: it is tried once.
const TRANSITION_GRID: TransitionParameters[] = [1, 3, 10, 20, 50].flatMap((lastItems) =>
  [1, 3, 10, 30].flatMap((window) => (lastItems === 1 ? [1] : [0.7, 0.9]).map((decay) => ({ lastItems, window, decay }))),
);

export const transitionBaseline: Baseline<TransitionParameters> = {
  name: 'transition',
  grid: TRANSITION_GRID,
  final: unchanged,
  describe: ({ lastItems, window, decay }) => `last=${lastItems} window=${window} decay=${decay}`,
  fit: (context, parameters) => {
    const chain = context.memo(`chain-${parameters.window}`, () => transitions(context.history, parameters.window));
    const popularity = context.memo('popularity', () => transitionPopularity(context.matrix));
    // Values that differ only in lastItems share one user's partial sums (the grid lists lastItems ascending).
    const shared = context.memo(`scores-${parameters.window}-${parameters.decay}`, () => new TransitionScores(context.history, chain, popularity, parameters.decay));
    return transitionRecommender(shared, parameters.lastItems);
  },
};
