/**
 * Normalised discounted cumulative gain of the first `k` of a ranking, with graded relevance
 * (gain 2^grade - 1): 1 when the most relevant come first, 0 when none of the first `k` is relevant.
 */
export function ndcgAt(k: number, rankedGrades: readonly number[], allGrades: readonly number[] = rankedGrades): number {
  const dcg = (grades: readonly number[]) => grades.slice(0, k).reduce((sum, grade, index) => sum + (2 ** grade - 1) / Math.log2(index + 2), 0);
  const ideal = dcg([...allGrades].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(rankedGrades) / ideal;
}
