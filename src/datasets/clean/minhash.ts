/** Settings of the MinHash signatures. */
export interface MinHashOptions {
  /** Hash functions per signature (default 128). */
  permutations?: number;
  /** Words per shingle (default 3). */
  shingleSize?: number;
  /** Seed of the hash functions, so signatures are the same on every run (default 1). */
  seed?: number;
}

/**
 * MinHash signatures over word shingles: the share of equal positions in two signatures
 * estimates the Jaccard similarity of the two texts' shingle sets.
 */
export class MinHasher {
  readonly permutations: number;
  private readonly shingleSize: number;
  private readonly multipliers: Uint32Array;
  private readonly increments: Uint32Array;

  constructor(options: MinHashOptions = {}) {
    this.permutations = options.permutations ?? 128;
    this.shingleSize = options.shingleSize ?? 3;
    this.multipliers = new Uint32Array(this.permutations);
    this.increments = new Uint32Array(this.permutations);
    let state = (options.seed ?? 1) >>> 0 || 1;
    const next = () => {
      // xorshift32: a small deterministic generator for the hash parameters.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let index = 0; index < this.permutations; index += 1) {
      this.multipliers[index] = next() | 1;
      this.increments[index] = next();
    }
  }

  /** Lower-cased word shingles of a text (the whole text when it has fewer words). */
  shingles(text: string): Set<string> {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const result = new Set<string>();
    if (words.length <= this.shingleSize) {
      result.add(words.join(" "));
      return result;
    }
    for (let index = 0; index + this.shingleSize <= words.length; index += 1) result.add(words.slice(index, index + this.shingleSize).join(" "));
    return result;
  }

  /** The signature of a text. */
  signature(text: string): Uint32Array {
    const signature = new Uint32Array(this.permutations).fill(0xffffffff);
    for (const shingle of this.shingles(text)) {
      const base = fnv1a(shingle);
      for (let index = 0; index < this.permutations; index += 1) {
        const value = (Math.imul(this.multipliers[index]!, base) + this.increments[index]!) >>> 0;
        if (value < signature[index]!) signature[index] = value;
      }
    }
    return signature;
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < a.length; index += 1) if (a[index] === b[index]) equal += 1;
  return equal / a.length;
}

/**
 * Pairs of signatures whose estimated similarity is at least `threshold`, found through
 * locality-sensitive hashing (bands of rows) so that not every pair is compared.
 */
export function similarPairs(signatures: readonly Uint32Array[], threshold: number, bandRows = 4): [number, number, number][] {
  const pairs: [number, number, number][] = [];
  const seen = new Set<string>();
  const length = signatures[0]?.length ?? 0;
  for (let start = 0; start + bandRows <= length; start += bandRows) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((signature, index) => {
      const key = Array.from(signature.subarray(start, start + bandRows)).join(",");
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [index]);
      else bucket.push(index);
    });
    for (const bucket of buckets.values()) {
      for (let i = 0; i < bucket.length; i += 1) {
        for (let j = i + 1; j < bucket.length; j += 1) {
          const a = bucket[i]!;
          const b = bucket[j]!;
          const key = `${a}:${b}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const similarity = signatureSimilarity(signatures[a]!, signatures[b]!);
          if (similarity >= threshold) pairs.push([a, b, similarity]);
        }
      }
    }
  }
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
