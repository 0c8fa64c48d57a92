import { scoringRecommender, type Recommender } from './metrics.js';
import type { InteractionMatrix } from './protocol.js';

/**
 * Item-based k-nearest neighbours (Sarwar et al. 2001; Deshpande & Karypis
 * 2004) on the binary user×item matrix: cosine similarity between item
 * columns, each item keeps its k most similar items, and a user's score for
 * an item is the sum of its similarities to the items in the user's history.
 */
export interface ItemNeighbours {
  /** Neighbours of item i are neighbour[i*maxK .. i*maxK + count[i]), most similar first. */
  maxK: number;
  neighbour: Int32Array;
  similarity: Float32Array;
  count: Int32Array;
}

/**
 * The maxK most similar items of every item. Co-occurrences are counted item
 * by item through the users who share it, so the cost is the sum over users
 * of their history length squared, and the memory one dense row.
 */
export function itemNeighbours(matrix: InteractionMatrix, maxK: number): ItemNeighbours {
  const itemCount = matrix.itemCounts.length;
  const neighbour = new Int32Array(itemCount * maxK);
  const similarity = new Float32Array(itemCount * maxK);
  const count = new Int32Array(itemCount);
  const together = new Float64Array(itemCount);
  const touched = new Int32Array(itemCount);
  const heap = new TopHeap(maxK);
  for (let item = 0; item < itemCount; item++) {
    let touchedCount = 0;
    for (let at = matrix.itemStart[item]!; at < matrix.itemStart[item + 1]!; at++) {
      const user = matrix.itemUsers[at]!;
      for (let other = matrix.userStart[user]!; other < matrix.userStart[user + 1]!; other++) {
        const neighbourItem = matrix.userItems[other]!;
        if (together[neighbourItem] === 0) touched[touchedCount++] = neighbourItem;
        together[neighbourItem]!++;
      }
    }
    heap.clear();
    const norm = Math.sqrt(matrix.itemCounts[item]!);
    for (let at = 0; at < touchedCount; at++) {
      const other = touched[at]!;
      if (other !== item) heap.offer(other, together[other]! / (norm * Math.sqrt(matrix.itemCounts[other]!)));
      together[other] = 0;
    }
    count[item] = heap.drainDescending(neighbour, similarity, item * maxK);
  }
  return { maxK, neighbour, similarity, count };
}

export function itemKnnRecommender(matrix: InteractionMatrix, neighbours: ItemNeighbours, k: number): Recommender {
  if (k > neighbours.maxK) throw new RangeError(`k = ${k} is above the ${neighbours.maxK} neighbours computed`);
  return scoringRecommender(matrix.itemCounts.length, (user, scores) => {
    scores.fill(0);
    for (let at = matrix.userStart[user]!; at < matrix.userStart[user + 1]!; at++) {
      const item = matrix.userItems[at]!;
      const from = item * neighbours.maxK;
      const to = from + Math.min(k, neighbours.count[item]!);
      for (let slot = from; slot < to; slot++) scores[neighbours.neighbour[slot]!]! += neighbours.similarity[slot]!;
    }
  });
}

/**
 * The k largest (value, id) pairs seen so far: a binary min-heap on typed
 * arrays, so the smallest kept value is at the root and is what a new value
 * must beat. Equal values keep the lower id.
 */
export class TopHeap {
  private readonly ids: Int32Array;
  private readonly values: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  offer(id: number, value: number): void {
    if (this.size < this.capacity) {
      this.ids[this.size] = id;
      this.values[this.size] = value;
      this.siftUp(this.size++);
    } else if (this.capacity > 0 && this.worse(this.values[0]!, this.ids[0]!, value, id)) {
      this.ids[0] = id;
      this.values[0] = value;
      this.siftDown(0);
    }
  }

  /** Writes the kept pairs best first at `offset` and empties the heap; returns how many. */
  drainDescending(ids: Int32Array, values: Float32Array | Float64Array, offset: number): number {
    const kept = this.size;
    for (let position = kept - 1; position >= 0; position--) {
      ids[offset + position] = this.ids[0]!;
      values[offset + position] = this.values[0]!;
      this.size--;
      if (this.size > 0) {
        this.ids[0] = this.ids[this.size]!;
        this.values[0] = this.values[this.size]!;
        this.siftDown(0);
      }
    }
    return kept;
  }

  /** Whether (valueA, idA) ranks below (valueB, idB). */
  private worse(valueA: number, idA: number, valueB: number, idB: number): boolean {
    return valueA < valueB || (valueA === valueB && idA > idB);
  }

  private siftUp(position: number): void {
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!this.worse(this.values[position]!, this.ids[position]!, this.values[parent]!, this.ids[parent]!)) break;
      this.swap(position, parent);
      position = parent;
    }
  }

  private siftDown(position: number): void {
    for (;;) {
      const left = 2 * position + 1;
      const right = left + 1;
      let smallest = position;
      if (left < this.size && this.worse(this.values[left]!, this.ids[left]!, this.values[smallest]!, this.ids[smallest]!)) smallest = left;
      if (right < this.size && this.worse(this.values[right]!, this.ids[right]!, this.values[smallest]!, this.ids[smallest]!)) smallest = right;
      if (smallest === position) return;
      this.swap(position, smallest);
      position = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const id = this.ids[a]!;
    const value = this.values[a]!;
    this.ids[a] = this.ids[b]!;
    this.values[a] = this.values[b]!;
    this.ids[b] = id;
    this.values[b] = value;
  }
}
