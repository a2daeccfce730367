import type { Flywheel } from "../../runtime/index.js";
import type { RedteamTargetSpec } from "../suite/eval-suite.js";
import type { EvalTarget } from "./eval-target.js";

/**
 * A red-team target (`redteam:<target>`): each test's `attack` var is rendered against the red
 * team's live traps, dressed by its strategy and run against the target; the target's tool
 * calls are the trajectory and what it did (honeypot hits included) is in the metadata that
 * the `redteam` assertion grades. Loaded on first call, like the agent target.
 */
export function redteamTarget(flywheel: Flywheel, spec: RedteamTargetSpec): EvalTarget {
  let opened: Promise<EvalTarget> | undefined;
  const open = () => (opened ??= import("../../redteam/redteam-eval-target.js").then(({ redteamEvalTarget }) => redteamEvalTarget(flywheel, spec)));
  return {
    id: spec.id,
    label: spec.label,
    async call(input, options) {
      return (await open()).call(input, options);
    },
    async close() {
      if (opened !== undefined) await (await opened).close?.();
    },
  };
}
