/** A seeded generator of floats in [0, 1) (mulberry32): small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k values drawn without replacement from `values`, in their original order. */
export function sampleInOrder(values: Int32Array, k: number, random: () => number): Int32Array {
  if (k >= values.length) return values;
  const picked = new Uint8Array(values.length);
  // Floyd's algorithm: k draws, no rejection loop.
  for (let j = values.length - k; j < values.length; j++) {
    const candidate = Math.floor(random() * (j + 1));
    picked[picked[candidate] === 1 ? j : candidate] = 1;
  }
  return values.filter((_, index) => picked[index] === 1);
}
