/**
 * A deterministic unit vector for a text: an FNV-1a hash of the text seeds a
 * small PRNG (mulberry32) that fills the dimensions, then the vector is scaled
 * to length 1. Equal texts get equal vectors; different texts differ.
 */
export function embeddingVector(text: string, dimensions: number): number[] {
  let seed = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    seed ^= text.charCodeAt(index);
    seed = Math.imul(seed, 0x01000193);
  }
  const vector = new Array<number>(dimensions);
  let sumOfSquares = 0;
  for (let index = 0; index < dimensions; index++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    const value = ((mixed ^ (mixed >>> 14)) >>> 0) / 2147483648 - 1;
    vector[index] = value;
    sumOfSquares += value * value;
  }
  const length = Math.sqrt(sumOfSquares) || 1;
  for (let index = 0; index < dimensions; index++) vector[index] = (vector[index] ?? 0) / length;
  return vector;
}
