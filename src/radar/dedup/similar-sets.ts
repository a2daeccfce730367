/**
 * Pairs (a < b) of sets that share a member and whose Jaccard similarity is at least `least`,
 * where `include(a, b)` holds: shared members are counted through an inverted index, so pairs
 * with nothing in common cost nothing.
 */
export function similarSets(sets: readonly ReadonlySet<string>[], least: number, include: (a: number, b: number) => boolean): { a: number; b: number; jaccard: number }[] {
  const postings = new Map<string, number[]>();
  sets.forEach((set, index) => {
    for (const token of set) {
      const list = postings.get(token);
      if (list === undefined) postings.set(token, [index]);
      else list.push(index);
    }
  });
  const shared = new Int32Array(sets.length);
  const touched: number[] = [];
  const pairs: { a: number; b: number; jaccard: number }[] = [];
  sets.forEach((set, a) => {
    for (const token of set) {
      for (const b of postings.get(token)!) {
        if (b > a && shared[b]++ === 0) touched.push(b);
      }
    }
    for (const b of touched) {
      const jaccard = shared[b]! / (set.size + sets[b]!.size - shared[b]!);
      if (jaccard >= least && include(a, b)) pairs.push({ a, b, jaccard });
      shared[b] = 0;
    }
    touched.length = 0;
  });
  return pairs;
}
