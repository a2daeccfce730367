/** Options of a MinHash signer. */
export interface MinHashOptions {
  /** Hash functions per signature (default 128). */
  hashes?: number;
  /** Seed of the hash functions: signatures compare only under the same seed (default 1). */
  seed?: number;
}

/** Signs a set of strings so that the share of equal signature positions estimates the sets' Jaccard similarity. */
export type MinHashSigner = (shingles: Iterable<string>) => Uint32Array;

/** A seeded MinHash signer: each hash function is a 32-bit string hash mixed with its own salt. */
export function minHashSigner(options: MinHashOptions = {}): MinHashSigner {
  const hashes = options.hashes ?? 128;
  const random = mulberry32(options.seed ?? 1);
  const salts = Uint32Array.from({ length: hashes }, () => random());
  return (shingles) => {
    const signature = new Uint32Array(hashes).fill(0xffffffff);
    for (const shingle of shingles) {
      const base = fnv1a(shingle);
      for (let index = 0; index < hashes; index++) {
        const value = mix(base ^ salts[index]!);
        if (value < signature[index]!) signature[index] = value;
      }
    }
    return signature;
  };
}

/** The share of positions where two signatures agree: an estimate of the Jaccard similarity of their sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index]) equal++;
  return a.length === 0 ? 0 : equal / a.length;
}

/** Word shingles: every run of `size` consecutive tokens (the tokens themselves when there are fewer). */
export function wordShingles(tokens: readonly string[], size: number): Set<string> {
  if (tokens.length < size) return new Set(tokens.length === 0 ? [] : [tokens.join(" ")]);
  const shingles = new Set<string>();
  for (let start = 0; start + size <= tokens.length; start++) shingles.add(tokens.slice(start, start + size).join(" "));
  return shingles;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** MurmurHash3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
function mix(value: number): number {
  let hash = value;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}
