import { estimateJaccard, minHashSigner, wordShingles } from "./minhash.js";
import { lshCandidates } from "./lsh-candidates.js";
import { similarSets } from "./similar-sets.js";
import { distinguishingTokens, numberTokens, storyTokens } from "./story-tokens.js";
import { UnionFind } from "./union-find.js";

// Thresholds chosen on test/fixtures/radar/dedup-tune.json with bench/radar-dedup.ts, which
// records the sweep. TITLE_MATCH_THRESHOLD is one step (0.05) inside the edge where tune-set
// precision falls below 1, so a little drift costs recall, not precision; TEXT_JACCARD_THRESHOLD
// is the middle of the range (0.3-0.7) over which the tune-set scores do not move.
// dedup-confirm.json was only evaluated.
/** Estimated Jaccard of the word shingles of title + text at or above which two items are one story (copies, light edits). */
export const TEXT_JACCARD_THRESHOLD = 0.5;
/**
 * Title cosine + NUMBER_WEIGHT × Jaccard of the numbers in title + text, at or above which two
 * items are one story (paraphrases). Titles alone are too alike across stories of one model
 * ("X released" against "X price cut"); the facts a story quotes (scores, prices, dates,
 * versions) tell them apart, and bring paraphrased titles together.
 */
export const TITLE_MATCH_THRESHOLD = 1.3;
/** Weight of the number-token Jaccard in the title match (above 0; TITLE_MATCH_THRESHOLD above 1, so a match needs a shared number). */
export const NUMBER_WEIGHT = 1.5;
/** Words per shingle. */
const SHINGLE_SIZE = 3;
/** MinHash functions per signature. */
const MINHASH_HASHES = 126;
/**
 * LSH bands of 3 rows: a pair is a candidate with probability 1 - (1 - J³)^42, i.e. 0.996 at
 * the threshold's Jaccard of 0.5, 0.29 at 0.2 and 0.04 at 0.1.
 */
const LSH_BANDS = 42;

/** One item as grouping sees it. */
export interface GroupableItem {
  title: string;
  text: string;
  contentHash: string;
  /** The page it links to, canonical: two feeds linking one page tell one story. */
  canonicalUrl?: string;
  /** The item's title embedding; without one, only the text signals apply. */
  titleVector?: readonly number[];
  /** The cluster it is already in (stored items): items of one stored cluster stay together. */
  clusterId?: string;
  /** Whether the item is new in this run: pairs of two stored items were decided before and are not compared again. */
  fresh: boolean;
}

/** Thresholds to group with other than the chosen ones (for measuring). */
export interface GroupingThresholds {
  /** Default TEXT_JACCARD_THRESHOLD. */
  textJaccard?: number;
  /** Default TITLE_MATCH_THRESHOLD. */
  titleMatch?: number;
  /** Default NUMBER_WEIGHT. */
  numberWeight?: number;
}

const signer = minHashSigner({ hashes: MINHASH_HASHES, seed: 19 });

/**
 * Groups items that tell the same story: same content hash, same stored cluster, near-identical
 * text (MinHash with LSH banding), or close titles quoting the same numbers. Two items are never
 * joined by the near-duplicate signals when either title names a number or model tier the other
 * item never mentions ("Llama 4 8B" against "Llama 4 70B", "GPT-5 mini" against "GPT-5").
 * Returns each item's group representative (an index into `items`).
 */
export function groupDuplicates(items: readonly GroupableItem[], thresholds: GroupingThresholds = {}): number[] {
  const textJaccard = thresholds.textJaccard ?? TEXT_JACCARD_THRESHOLD;
  const titleMatch = thresholds.titleMatch ?? TITLE_MATCH_THRESHOLD;
  const numberWeight = thresholds.numberWeight ?? NUMBER_WEIGHT;
  const groups = new UnionFind(items.length);
  const firstWith = new Map<string, number>();
  items.forEach((item, index) => {
    for (const key of [`hash:${item.contentHash}`, ...(item.canonicalUrl === undefined ? [] : [`url:${item.canonicalUrl}`]), ...(item.clusterId === undefined ? [] : [`cluster:${item.clusterId}`])]) {
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, index);
      else groups.union(first, index);
    }
  });
  const tokens = items.map((item) => storyTokens(`${item.title}\n${item.text}`));
  const vocabularies = tokens.map((list) => new Set(list));
  const distinguishing = items.map((item) => distinguishingTokens(storyTokens(item.title)));
  const compatible = (a: number, b: number) => distinguishing[a]!.every((token) => vocabularies[b]!.has(token)) && distinguishing[b]!.every((token) => vocabularies[a]!.has(token));
  const compared = (a: number, b: number) => (items[a]!.fresh || items[b]!.fresh) && groups.find(a) !== groups.find(b);

  const signatures = tokens.map((list) => signer(wordShingles(list, SHINGLE_SIZE)));
  for (const [a, b] of lshCandidates(signatures, LSH_BANDS, compared)) {
    if (estimateJaccard(signatures[a]!, signatures[b]!) >= textJaccard && compatible(a, b)) groups.union(a, b);
  }

  // The cosine is at most 1, so a title match needs a number Jaccard of at least
  // (titleMatch - 1) / numberWeight: only pairs that share enough numbers are compared.
  const vectors = items.map((item) => (item.titleVector === undefined ? undefined : unit(item.titleVector)));
  const numbers = tokens.map((list) => new Set(numberTokens(list)));
  const withVectors = (a: number, b: number) => vectors[a] !== undefined && vectors[b] !== undefined && compared(a, b);
  for (const { a, b, jaccard } of similarSets(numbers, (titleMatch - 1) / numberWeight, withVectors)) {
    if (dot(vectors[a]!, vectors[b]!) + numberWeight * jaccard >= titleMatch && compatible(a, b)) groups.union(a, b);
  }
  return items.map((_, index) => groups.find(index));
}

function unit(vector: readonly number[]): Float32Array {
  const result = Float32Array.from(vector);
  const norm = Math.sqrt(dot(result, result)) || 1;
  for (let index = 0; index < result.length; index++) result[index] = result[index]! / norm;
  return result;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}
