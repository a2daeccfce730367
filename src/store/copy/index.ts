// Copying a whole store into another, across engines (libSQL <-> PostgreSQL): batched, resumable,
// verified by per-table row counts and content hashes computed the same way on both sides.
export { copyStore } from "./copy-store.js";
export type { CopyStoreOptions, CopyProgress, CopyReport } from "./copy-store.js";
