/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosineSimilarity(a: number[], b: number[]): number {
  // An invariant: both vectors come from one embedding model. A break reaches the user as `internal`.
  if (a.length !== b.length) throw new Error(`invariant broken: vectors differ in length (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
