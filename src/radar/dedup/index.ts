// Radar dedup: gives feed items their identity (canonical URL, content hash) and groups the
// items that tell one story into clusters (MinHash on text, embedding similarity of titles).
export { ingestItems } from "./ingest-items.js";
export { loadClusters } from "./load-clusters.js";
export { canonicalUrl } from "./canonical-url.js";
export { contentHash, itemId } from "./item-identity.js";
export { estimateJaccard, minHashSigner } from "./minhash.js";
export type { MinHashOptions, MinHashSigner } from "./minhash.js";
export { groupDuplicates, NUMBER_WEIGHT, TEXT_JACCARD_THRESHOLD, TITLE_MATCH_THRESHOLD } from "./group-duplicates.js";
export type { GroupableItem, GroupingThresholds } from "./group-duplicates.js";
