import path from "node:path";
import type { Flywheel } from "../../runtime/index.js";
import type { RangeView, RedteamTarget } from "../redteam-types.js";
import { openAgentTarget } from "./agent-target.js";
import { openHttpTarget } from "./http-endpoint-target.js";
import { openModelTarget, openPromptTarget } from "./model-target.js";
import { openRagTarget } from "./rag-target.js";

/** Options for `openRedteamTarget`. */
export interface OpenRedteamTargetOptions {
  /** The run's traps (planted pages, workspace, honeypot). */
  range: RangeView;
  /** Folder relative references resolve against. */
  cwd: string;
  /** Model for prompt and rag targets (default: the prompt's, else the configured default). */
  model?: string;
}

/**
 * Opens a target by reference: `prompt:<ref>`, `agent:<file>`, `rag:<collection>`, `http(s)://…`,
 * or a model id. A target that cannot be opened or reached fails here, with one line saying
 * why, before any attack runs.
 */
export async function openRedteamTarget(flywheel: Flywheel, reference: string, options: OpenRedteamTargetOptions): Promise<RedteamTarget> {
  if (reference.startsWith("agent:")) return openAgentTarget(flywheel, reference, path.resolve(options.cwd, reference.slice("agent:".length)), options.range);
  if (reference.startsWith("prompt:")) return openPromptTarget(flywheel, reference, options.model);
  if (reference.startsWith("rag:")) return openRagTarget(flywheel, reference, options.model);
  if (/^https?:\/\//i.test(reference)) return openHttpTarget(flywheel, reference);
  return openModelTarget(flywheel, reference);
}
