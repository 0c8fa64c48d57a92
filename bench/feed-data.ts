/**
 * Synthetic embeddings for the feed case, shaped like learned ones: a mixture
 * of a few hundred Gaussian clusters (topics) whose sizes follow a power law
 * and whose spreads vary, every vector normalised. Uniform random vectors are
 * the worst case for any graph index and say nothing about real catalogues.
 */

/** mulberry32: small, fast and seeded, so a run can be replayed from its printed seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function normaliseInPlace(vectors: Float32Array, offset: number, dimensions: number): void {
  let sum = 0;
  for (let d = 0; d < dimensions; d++) sum += vectors[offset + d]! ** 2;
  const scale = 1 / Math.sqrt(sum);
  for (let d = 0; d < dimensions; d++) vectors[offset + d]! *= scale;
}

/** Cumulative weights of a Zipf law over n ranks with exponent s, for sampling by binary search. */
export function zipfCumulative(n: number, s: number): Float64Array {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** s;
  for (let rank = 0; rank < n; rank++) cumulative[rank]! /= total;
  return cumulative;
}

export function sampleCumulative(cumulative: Float64Array, random: () => number): number {
  const u = random();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < u) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class ClusteredSpace {
  readonly centres: Float32Array;
  /** Per-dimension standard deviation of each cluster's noise. */
  readonly sigmas: Float64Array;
  private readonly sizes: Float64Array;

  /**
   * `clusters` topics; cluster sizes follow a Zipf law of exponent 1 (the
   * largest holds a few percent of the items, the smallest a handful); a
   * cluster's noise has an expected length between 0.25 (tight) and 1 (as
   * long as the centre: loose) drawn uniformly.
   */
  constructor(
    readonly dimensions: number,
    readonly clusters: number,
    private readonly random: () => number,
  ) {
    this.centres = new Float32Array(clusters * dimensions);
    for (let i = 0; i < this.centres.length; i++) this.centres[i] = gaussian(random);
    for (let c = 0; c < clusters; c++) normaliseInPlace(this.centres, c * dimensions, dimensions);
    this.sigmas = Float64Array.from({ length: clusters }, () => (0.25 + random() * 0.75) / Math.sqrt(dimensions));
    this.sizes = zipfCumulative(clusters, 1);
  }

  /** A cluster drawn by size, as an item's topic is. */
  pickCluster(): number {
    return sampleCumulative(this.sizes, this.random);
  }

  /** Writes a unit vector from cluster `c` at `offset`. */
  drawInto(target: Float32Array, offset: number, c: number): void {
    const base = c * this.dimensions;
    const sigma = this.sigmas[c]!;
    for (let d = 0; d < this.dimensions; d++) target[offset + d] = this.centres[base + d]! + gaussian(this.random) * sigma;
    normaliseInPlace(target, offset, this.dimensions);
  }

  /**
   * A user's taste: a normalised blend of one to three clusters with random
   * weights, plus some noise of its own. It lies between clusters, as a
   * learned user vector does, which is harder for a graph index than a query
   * drawn from one cluster.
   */
  drawTaste(target: Float32Array, offset: number): number[] {
    const count = 1 + Math.floor(this.random() * 3);
    const picked = Array.from({ length: count }, () => this.pickCluster());
    target.fill(0, offset, offset + this.dimensions);
    for (const c of picked) {
      const weight = 0.3 + this.random();
      for (let d = 0; d < this.dimensions; d++) target[offset + d]! += weight * this.centres[c * this.dimensions + d]!;
    }
    for (let d = 0; d < this.dimensions; d++) target[offset + d]! += gaussian(this.random) * 0.3 / Math.sqrt(this.dimensions);
    normaliseInPlace(target, offset, this.dimensions);
    return picked;
  }
}

export interface WorldSize {
  items: number;
  users: number;
}

/**
 * A catalogue and its audience built on a ClusteredSpace: each author works in
 * one cluster (their topic), with productivity following a power law; an item
 * is mostly in its author's cluster; a user's taste spans one to three
 * clusters, and they follow a few authors from them. Item i was created before
 * item i + 1, so "the catalogue at time t" is a prefix of the ids.
 */
export class SyntheticWorld {
  readonly itemCluster: Int32Array;
  readonly itemAuthor: Int32Array;
  readonly itemCreatedAt: Float64Array;
  readonly authors: number;
  readonly userTastes: number[][];
  readonly userFollows: number[][];
  /** Items of each cluster in creation order: a compressed row per cluster. */
  private readonly clusterStart: Int32Array;
  private readonly clusterItems: Int32Array;
  private readonly authorHome: Int32Array;
  private readonly authorsOfCluster: number[][];

  constructor(
    readonly space: ClusteredSpace,
    readonly size: WorldSize,
    private readonly random: () => number,
    /** Epoch ms of the first item; the rest come one every `spacingMs`. */
    readonly start: number,
    readonly spacingMs: number,
  ) {
    const { items, users } = size;
    this.authors = Math.max(1, Math.floor(items / 20));
    this.authorHome = Int32Array.from({ length: this.authors }, () => space.pickCluster());
    this.authorsOfCluster = Array.from({ length: space.clusters }, () => []);
    this.authorHome.forEach((cluster, author) => this.authorsOfCluster[cluster]!.push(author));
    const productivity = zipfCumulative(this.authors, 0.7);
    this.itemCluster = new Int32Array(items);
    this.itemAuthor = new Int32Array(items);
    this.itemCreatedAt = new Float64Array(items);
    for (let i = 0; i < items; i++) {
      const author = sampleCumulative(productivity, random);
      this.itemAuthor[i] = author;
      this.itemCluster[i] = random() < 0.85 ? this.authorHome[author]! : space.pickCluster();
      this.itemCreatedAt[i] = start + i * spacingMs;
    }
    this.clusterStart = new Int32Array(space.clusters + 1);
    for (let i = 0; i < items; i++) this.clusterStart[this.itemCluster[i]! + 1]!++;
    for (let c = 0; c < space.clusters; c++) this.clusterStart[c + 1]! += this.clusterStart[c]!;
    this.clusterItems = new Int32Array(items);
    const next = this.clusterStart.slice(0, space.clusters);
    for (let i = 0; i < items; i++) this.clusterItems[next[this.itemCluster[i]!]!++] = i;

    const scratch = new Float32Array(space.dimensions);
    this.userTastes = Array.from({ length: users }, () => space.drawTaste(scratch, 0));
    this.userFollows = this.userTastes.map((taste) => {
      const follows = new Set<number>();
      for (let n = 0; n < 10; n++) {
        const pool = this.authorsOfCluster[taste[Math.floor(random() * taste.length)]!]!;
        if (pool.length > 0) follows.add(pool[Math.floor(random() * pool.length)]!);
      }
      return [...follows];
    });
  }

  itemId(i: number): string {
    return `pst_${i.toString(36).padStart(4, '0')}`;
  }

  authorId(author: number): string {
    return `usr_a${author.toString(36)}`;
  }

  userId(u: number): string {
    return `usr_u${u.toString(36)}`;
  }

  item(i: number): { id: string; authorId: string; topics: string[]; kind: 'note' | 'video'; createdAt: number } {
    const cluster = this.itemCluster[i]!;
    // A fine topic per cluster, and a broad one shared by a dozen clusters on some items.
    const topics = i % 3 === 0 ? [`t${cluster}`, `g${cluster % 24}`] : [`t${cluster}`];
    return { id: this.itemId(i), authorId: this.authorId(this.itemAuthor[i]!), topics, kind: i % 5 < 2 ? 'video' : 'note', createdAt: this.itemCreatedAt[i]! };
  }

  /** An item of cluster `c` among the first `published` items, newer ones likelier; -1 if it has none yet. */
  pickItemIn(c: number, published: number): number {
    const from = this.clusterStart[c]!;
    let low = from;
    let high = this.clusterStart[c + 1]!;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.clusterItems[middle]! < published) low = middle + 1;
      else high = middle;
    }
    const count = low - from;
    if (count === 0) return -1;
    // Square of a uniform draw from the newest end: half the picks are in the newest quarter.
    const back = Math.floor(this.random() ** 2 * count);
    return this.clusterItems[from + count - 1 - back]!;
  }

  /** An item the user would like (from their taste), among the first `published`. */
  pickLiked(u: number, published: number): number {
    const taste = this.userTastes[u]!;
    return this.pickItemIn(taste[Math.floor(this.random() * taste.length)]!, published);
  }

  /** Any item among the first `published`, as an off-taste impression. */
  pickAny(published: number): number {
    return Math.floor(this.random() * published);
  }
}
