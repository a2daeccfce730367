import { contentTokens } from "./text-tokens.js";

/** A cluster compared for feedback: its words, and the interests it matched (contribution by entry label). */
export interface FeedbackSubject {
  text: string;
  interests: ReadonlyMap<string, number>;
}

/** A cluster the user judged. */
export interface JudgedSubject extends FeedbackSubject {
  verdict: "useful" | "noise";
}

/** For each cluster, its highest similarity (0..1) to a cluster marked useful and to one marked noise. */
export interface FeedbackSimilarity {
  useful: number;
  noise: number;
}

/**
 * Rocchio-style feedback: each cluster is a vector of TF-IDF words and of the interests it
 * matched (half each), so "useful" on a price cut of a model in use lifts other news of that
 * model and other price cuts. The nearest judged cluster counts rather than the centroid,
 * because a user's useful clusters are about several unrelated things.
 */
export function feedbackSimilarity(subjects: readonly FeedbackSubject[], judged: readonly JudgedSubject[]): FeedbackSimilarity[] {
  if (judged.length === 0) return subjects.map(() => ({ useful: 0, noise: 0 }));
  const all = [...subjects, ...judged];
  const bags = all.map((subject) => countTokens(contentTokens(subject.text)));
  const documentFrequency = new Map<string, number>();
  for (const bag of bags) for (const token of bag.keys()) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  const words = bags.map((bag) => unit(new Map([...bag].map(([token, count]) => [token, (1 + Math.log(count)) * Math.log(1 + all.length / documentFrequency.get(token)!)]))));
  // A judged cluster's interests as a direction, a ranked one's as they are: a faint match (the same provider only) stays faint.
  const judgedInterests = judged.map((subject) => unit(new Map(subject.interests)));
  const similarity = (index: number, offset: number) =>
    0.5 * dot(words[index]!, words[subjects.length + offset]!) + 0.5 * Math.min(1, dot(new Map(subjects[index]!.interests), judgedInterests[offset]!));
  return subjects.map((_, index) => {
    const result = { useful: 0, noise: 0 };
    judged.forEach((entry, offset) => {
      result[entry.verdict] = Math.max(result[entry.verdict], similarity(index, offset));
    });
    return result;
  });
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

function unit(vector: Map<string, number>): Map<string, number> {
  const norm = Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0));
  if (norm > 0) for (const [key, weight] of vector) vector.set(key, weight / norm);
  return vector;
}

function dot(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [key, weight] of small) sum += weight * (large.get(key) ?? 0);
  return sum;
}
