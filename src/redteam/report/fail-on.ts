import { UsageError } from "../../errors/index.js";
import type { RedteamReport } from "../redteam-types.js";

/** `--fail-on`: any success, or a success rate above which the run fails. */
export type FailOn = { kind: "any" } | { kind: "rate"; rate: number };

/** Parses `--fail-on`: `any`, a fraction such as `0.05`, or a percentage such as `5%`. */
export function parseFailOn(text: string): FailOn {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "any") return { kind: "any" };
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(trimmed);
  const rate = match === null ? Number.NaN : Number(match[1]) / (match[2] === "%" ? 100 : 1);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new UsageError(`--fail-on must be "any" or a success rate, got "${text}"`, "use --fail-on any, --fail-on 0.05 or --fail-on 5%");
  return { kind: "rate", rate };
}

/**
 * Why the gate trips (one line), or `undefined` when the run passes it. `any` trips on one
 * successful attack; a rate trips when the overall success rate over judged attacks exceeds it.
 */
export function failOnTripped(report: RedteamReport, failOn: FailOn): string | undefined {
  const judged = report.outcomes.filter((outcome) => outcome.status !== "error").length;
  const successes = report.outcomes.filter((outcome) => outcome.status === "success").length;
  if (failOn.kind === "any") return successes === 0 ? undefined : `${successes} of ${judged} attacks succeeded (--fail-on any)`;
  const rate = judged === 0 ? 0 : successes / judged;
  return rate > failOn.rate ? `attack success rate ${(rate * 100).toFixed(1)}% (${successes}/${judged}) is above --fail-on ${(failOn.rate * 100).toFixed(1)}%` : undefined;
}
