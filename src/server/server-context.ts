import type { Flywheel } from "../runtime/index.js";

/** What every route reads: the runtime, and where the workbench may write files. */
export interface ServerContext {
  readonly flywheel: Flywheel;
  /** Folder where saved prompt files go (default: `prompts/` in the working folder). */
  readonly promptsDirectory: string;
}
