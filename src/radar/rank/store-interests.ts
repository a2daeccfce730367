import type { Store } from "../../store/index.js";
import { modelUsageInterest, workInterest } from "./interest-entries.js";
import type { InterestEntry } from "./interest-profile.js";
import { keyTerms } from "./key-terms.js";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** Chunks sampled per collection for its key terms. */
const CHUNKS_SAMPLED = 200;
const TERMS_PER_COLLECTION = 10;

/** Interests read off the store: the models the last week's traces called (with how often), and each collection's key terms. */
export async function storeInterests(store: Store, now: number): Promise<InterestEntry[]> {
  const calls = await store.traces.modelCallCounts(now - WEEK_MS);
  const entries = calls.map(({ model, calls: count }) => modelUsageInterest(model, count));
  for (const collection of await store.collections.list()) {
    const chunks = await store.collections.sampleChunks(collection, CHUNKS_SAMPLED);
    const terms = keyTerms([collection.name.replace(/[-_]/g, " "), ...chunks.map((chunk) => chunk.text)], TERMS_PER_COLLECTION);
    if (terms.length > 0) entries.push(workInterest("collection", collection.name, terms));
  }
  return entries;
}
