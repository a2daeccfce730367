import type { Flywheel } from "../runtime/index.js";
import type { CollectionsBackend } from "./backends/collections-backend.js";
import type { EvalsBackend } from "./backends/evals-backend.js";

/** What every route reads: the runtime, where the workbench may write files, and the capability backends. */
export interface ServerContext {
  readonly flywheel: Flywheel;
  /** Folder where saved prompt files go (default: `prompts/` in the working folder). */
  readonly promptsDirectory: string;
  /** Folder where eval suites from the playground go (default: `evals/` in the working folder). */
  readonly evalsDirectory: string;
  /** Stored eval runs; the evals routes answer 501 without it. */
  readonly evals?: EvalsBackend;
  /** Retrieval collections; the collections routes answer 501 without it. */
  readonly collections?: CollectionsBackend;
}
