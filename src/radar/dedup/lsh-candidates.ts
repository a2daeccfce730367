/**
 * Pairs of signatures that agree on all rows of at least one band (locality-sensitive hashing):
 * pairs with high similarity are very likely found, without comparing every pair. Only pairs
 * where `include(a, b)` holds are returned, each once with a < b.
 */
export function lshCandidates(signatures: readonly Uint32Array[], bands: number, include: (a: number, b: number) => boolean): [number, number][] {
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const rows = signatures.length === 0 ? 0 : Math.floor(signatures[0]!.length / bands);
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((signature, index) => {
      const key = signature.subarray(band * rows, band * rows + rows).join(",");
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [index]);
      else bucket.push(index);
    });
    for (const bucket of buckets.values()) {
      for (let i = 0; i < bucket.length; i++) {
        for (let j = i + 1; j < bucket.length; j++) {
          const a = bucket[i]!;
          const b = bucket[j]!;
          const key = a * signatures.length + b;
          if (seen.has(key) || !include(a, b)) continue;
          seen.add(key);
          pairs.push([a, b]);
        }
      }
    }
  }
  return pairs;
}
