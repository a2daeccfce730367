/** A seeded PRNG (mulberry32), so every run measures the same vectors. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Unit vectors (and queries from the same distribution, not in the set) drawn around `clusters` random centres (Gaussian noise), which is closer to real
 * sentence embeddings than uniform noise and so a fairer test of an approximate index.
 */
export function clusteredVectors(options: { count: number; queries: number; dimensions: number; clusters: number; spread: number; seed: number }): { vectors: Float32Array[]; queries: Float32Array[] } {
  const random = seededRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: options.clusters }, () => Float32Array.from({ length: options.dimensions }, gaussian));
  const draw = () => {
    const centre = centres[Math.floor(random() * centres.length)]!;
    return normalize(Float32Array.from(centre, (value) => value + options.spread * gaussian()));
  };
  return { vectors: Array.from({ length: options.count }, draw), queries: Array.from({ length: options.queries }, draw) };
}

function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum) || 1;
  for (let index = 0; index < vector.length; index++) vector[index]! /= length;
  return vector;
}

/** Exact top-k by dot product (cosine, for unit vectors), brute force in memory. */
export function exactTopK(vectors: Float32Array[], query: Float32Array, k: number): number[] {
  const best: { index: number; score: number }[] = [];
  for (let index = 0; index < vectors.length; index++) {
    const vector = vectors[index]!;
    let score = 0;
    for (let d = 0; d < query.length; d++) score += vector[d]! * query[d]!;
    if (best.length < k || score > best[best.length - 1]!.score) {
      best.push({ index, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  }
  return best.map((item) => item.index);
}

/** Share of the true top-k found, averaged over queries. */
export function recallAtK(found: number[][], truth: number[][]): number {
  let total = 0;
  found.forEach((list, query) => {
    const expected = new Set(truth[query]);
    total += list.filter((index) => expected.has(index)).length / Math.max(1, expected.size);
  });
  return total / Math.max(1, found.length);
}
