/**
 * Synthetic data sets in the common format (dataset.ts), so the harness can
 * be run on shapes other than ML-100k without committing data:
 *
 *   npx tsx apps/server/src/modules/feed/eval/synthetic.ts --shape big --out /tmp/big [--seed 7]
 *
 * The world: items belong to clusters (latent tastes) whose sizes follow a
 * Zipf law; within a cluster an item's appeal follows another Zipf law (the
 * popularity skew). A user likes one to three clusters with random weights;
 * each interaction picks one of them (or, with a small probability, any
 * cluster by size: noise), then an item of that cluster by appeal, never one
 * the user already has. Users' activity is heavy-tailed with a floor.
 * Optional tags name an item's cluster (some items carry a wrong one), and
 * optional sequence structure makes a user's next item, half the time, one
 * of a few fixed successors of their previous item.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from './random.js';

export interface SyntheticShape {
  users: number;
  items: number;
  /** Mean interactions per user; each user has at least `minPerUser`. */
  meanPerUser: number;
  minPerUser: number;
  clusters: number;
  /** Zipf exponent of item appeal within a cluster. */
  popularitySkew: number;
  /** Share of a user's interactions drawn outside their tastes. */
  noise: number;
  /** items.csv with one tag per item naming its cluster (wrong for 20% of items). */
  tags: boolean;
  /** Chance that the next item is one of the previous item's fixed successors. */
  sequence: number;
}

export const SHAPES: Record<string, SyntheticShape> = {
  /** The scale the harness must handle: 30k users, 20k items, about a million interactions, no side information. */
  big: { users: 30_000, items: 20_000, meanPerUser: 32, minPerUser: 5, clusters: 100, popularitySkew: 0.8, noise: 0.1, tags: false, sequence: 0 },
  /** Smaller and with tags. */
  mid: { users: 10_000, items: 5_000, meanPerUser: 25, minPerUser: 5, clusters: 40, popularitySkew: 0.9, noise: 0.15, tags: true, sequence: 0 },
  /** Sessions that follow chains of items (series, playlists, next episodes). */
  sequence: { users: 6_000, items: 3_000, meanPerUser: 30, minPerUser: 5, clusters: 30, popularitySkew: 0.9, noise: 0.1, tags: false, sequence: 0.5 },
};

const SUCCESSORS = 3;
const DAY_S = 24 * 3600;

function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let total = 0;
  for (let k = 0; k < weights.length; k++) out[k] = total += weights[k]!;
  for (let k = 0; k < weights.length; k++) out[k]! /= total;
  return out;
}

/** An index drawn by the weights behind `cdf` (binary search). */
function pick(cdf: Float64Array, random: () => number): number {
  const u = random();
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cdf[middle]! < u) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface SyntheticData {
  /** Rows of interactions.csv after the header. */
  interactions: string[];
  /** Rows of items.csv after the header, or undefined when the shape has no tags. */
  items: string[] | undefined;
}

export function generate(shape: SyntheticShape, seed: number): SyntheticData {
  const random = seededRandom(seed);
  const clusterCdf = cumulative(Array.from({ length: shape.clusters }, (_, c) => 1 / (c + 1)));
  const itemCluster = Int32Array.from({ length: shape.items }, () => pick(clusterCdf, random));
  const members: number[][] = Array.from({ length: shape.clusters }, () => []);
  for (let item = 0; item < shape.items; item++) members[itemCluster[item]!]!.push(item);
  // Within a cluster, appeal by a Zipf law over a random order of its items.
  const memberCdf = members.map((list) => {
    for (let k = list.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [list[k], list[j]] = [list[j]!, list[k]!];
    }
    return cumulative(list.map((_, rank) => 1 / (rank + 1) ** shape.popularitySkew));
  });
  // Successors stay in the item's cluster (a series continues its genre).
  const successors = Array.from({ length: shape.items }, (_, item) => {
    const list = members[itemCluster[item]!]!;
    return Array.from({ length: SUCCESSORS }, () => list[Math.floor(random() * list.length)]!);
  });

  const interactions: string[] = [];
  const start = 1_600_000_000;
  for (let user = 0; user < shape.users; user++) {
    const tasteCount = 1 + Math.floor(random() * 3);
    const tastes = Array.from({ length: tasteCount }, () => pick(clusterCdf, random));
    const tasteCdf = cumulative(tastes.map(() => 0.3 + random()));
    // Log-normal activity with the requested mean, floored.
    const sigma = 1;
    const mu = Math.log(Math.max(1, shape.meanPerUser - shape.minPerUser)) - (sigma * sigma) / 2;
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const count = Math.min(Math.floor(shape.items / 4), shape.minPerUser + Math.round(Math.exp(mu + sigma * gaussian)));
    const seen = new Set<number>();
    let time = start + Math.floor(random() * 180 * DAY_S);
    let previous = -1;
    for (let n = 0; n < count; n++) {
      let item = -1;
      for (let attempt = 0; attempt < 50 && (item < 0 || seen.has(item)); attempt++) {
        if (previous >= 0 && random() < shape.sequence) {
          item = successors[previous]![Math.floor(random() * SUCCESSORS)]!;
          continue;
        }
        const cluster = random() < shape.noise ? pick(clusterCdf, random) : tastes[pick(tasteCdf, random)]!;
        const list = members[cluster]!;
        if (list.length === 0) continue;
        item = list[pick(memberCdf[cluster]!, random)]!;
      }
      if (item < 0 || seen.has(item)) continue;
      seen.add(item);
      previous = item;
      time += 1 + Math.floor(random() * 3600);
      interactions.push(`u${user},i${item},${time}`);
    }
  }
  const items = shape.tags
    ? Array.from({ length: shape.items }, (_, item) => {
        const cluster = random() < 0.2 ? Math.floor(random() * shape.clusters) : itemCluster[item]!;
        return `i${item},item ${item},c${cluster}`;
      })
    : undefined;
  return { interactions, items };
}

function main(): void {
  const { values } = parseArgs({ options: { shape: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } }, strict: true });
  const shape = SHAPES[values.shape ?? ''];
  if (!shape || values.out === undefined) {
    console.error(`usage: synthetic.ts --shape ${Object.keys(SHAPES).join('|')} --out DIR [--seed N]`);
    process.exitCode = 1;
    return;
  }
  const seed = Number(values.seed ?? 7);
  const data = generate(shape, seed);
  fs.mkdirSync(values.out, { recursive: true });
  fs.writeFileSync(path.join(values.out, 'interactions.csv'), `user_id,item_id,timestamp\n${data.interactions.join('\n')}\n`);
  if (data.items) fs.writeFileSync(path.join(values.out, 'items.csv'), `item_id,title,tags\n${data.items.join('\n')}\n`);
  console.log(`${values.shape} seed ${seed}: ${data.interactions.length} interactions in ${values.out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
