import { FlywheelError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { RangeView, RedteamTarget } from "../redteam-types.js";

/** Options for `openRedteamTarget`. */
export interface OpenRedteamTargetOptions {
  /** The run's traps (planted pages, workspace, honeypot). */
  range: RangeView;
  /** Folder relative references resolve against. */
  cwd: string;
}

/** Opens a target by reference: `prompt:<ref>`, `agent:<file>`, `rag:<collection>`, `http(s)://…`, or a model id. */
export async function openRedteamTarget(flywheel: Flywheel, reference: string, options: OpenRedteamTargetOptions): Promise<RedteamTarget> {
  void flywheel;
  void options;
  throw new FlywheelError({ code: "not-implemented", message: `red-team targets are not built yet (${reference})`, hint: "" });
}
