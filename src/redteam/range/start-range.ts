import { FlywheelError } from "../../errors/index.js";
import type { Range } from "../redteam-types.js";

/** Options for `startRange`. */
export interface StartRangeOptions {
  /** Run seed: canaries are derived from it, so a replay recomputes them. */
  seed: number;
}

/** Starts the traps of one run: honeypot, page server, workspace with canary files, env canary. */
export async function startRange(options: StartRangeOptions): Promise<Range> {
  throw new FlywheelError({ code: "not-implemented", message: `the red-team range is not built yet (seed ${options.seed})`, hint: "" });
}
