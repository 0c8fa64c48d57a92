import { describe, expect, it } from 'vitest';
import { attachItems, parseInteractions, type Dataset } from './dataset.js';
import { contender, popularBaseline, prepareEvaluation, type Evaluation } from './harness.js';
import { splitByTime } from './protocol.js';
import { seededRandom } from './random.js';
import { soukBatch, soukOnline } from './souk.models.js';

/**
 * A small data set with structure any recommender should find: six genres of
 * 25 items; each user watches one genre's items in its usual order (item k,
 * then k+1, sometimes skipping one), starting somewhere in the list.
 */
function genreWorld(): Dataset {
  const random = seededRandom(11);
  const genres = 6;
  const perGenre = 25;
  const rows = ['user_id,item_id,timestamp,value'];
  for (let user = 0; user < 240; user++) {
    const genre = user % genres;
    let position = Math.floor(random() * 8);
    let time = 1_000_000 + Math.floor(random() * 100_000);
    const length = 6 + Math.floor(random() * 8);
    for (let step = 0; step < length && position < perGenre; step++) {
      rows.push(`user${user},movie${genre * perGenre + position},${time},${1 + Math.floor(random() * 5)}`);
      position += random() < 0.8 ? 1 : 2;
      time += 60 + Math.floor(random() * 600);
    }
  }
  const dataset = parseInteractions(rows.join('\n'));
  const items = ['item_id,title,tags'];
  for (let item = 0; item < genres * perGenre; item++) items.push(`movie${item},"Movie ${item}, The",genre${Math.floor(item / perGenre)}|Drama`);
  attachItems(dataset, items.join('\n'));
  return dataset;
}

describe("Souk's rows", () => {
  const dataset = genreWorld();
  const evaluation: Evaluation = prepareEvaluation(splitByTime(dataset), 3);
  const popular = contender(popularBaseline).run(evaluation, () => {});

  it.each([
    ['souk-online', soukOnline],
    ['souk-batch', soukBatch],
  ])('%s ranks full lists of unseen items and finds the genre', (_name, model) => {
    const lines: string[] = [];
    const result = model(dataset).run(evaluation, (line) => lines.push(line));
    // evaluate() refuses lists that name the user's history, repeat an item or leave the catalogue.
    expect(result.metrics.users).toBe(evaluation.split.evaluated.length);
    expect(result.metrics.meanListLength).toBe(20);
    expect(result.metrics.hrAt20).toBeGreaterThan(popular.metrics.hrAt20 + 0.3);
    expect(lines).toHaveLength(1);

    // Each source measured on its own: a share of the users, never above the merged pool's.
    const retrieval = result.retrieval!;
    expect(retrieval.sources.map(({ source }) => source)).toEqual(['vector', 'co_engagement', 'sequence', 'social', 'trending', 'fresh', 'exploration']);
    for (const { source, recall, candidates } of retrieval.sources) {
      expect(recall, source).toBeGreaterThanOrEqual(0);
      expect(recall, source).toBeLessThanOrEqual(retrieval.merged.recall);
      expect(candidates, source).toBeLessThanOrEqual(retrieval.merged.candidates);
    }
    // In this world the next item is the genre's next one: the sequence source finds most targets.
    expect(retrieval.sources.find(({ source }) => source === 'sequence')!.recall).toBeGreaterThan(0.5);
    // A page's hits are retrieved targets that were ranked into the top 20.
    expect(retrieval.merged.recall * retrieval.rankedGivenRetrieved).toBeCloseTo(result.metrics.hrAt20, 10);
  });
});
