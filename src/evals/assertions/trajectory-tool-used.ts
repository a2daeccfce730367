import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/** `trajectory:tool-used`: the target's trajectory (agents) has a tool call to the named tool, or to each of a list. */
export const trajectoryToolUsed: AssertionHandler = ({ value, trajectory, inverse }) => {
  const names = typeof value === "string" ? [value] : Array.isArray(value) ? value.map(String) : [];
  if (names.length === 0) throw new AssertionValueError('"trajectory:tool-used" needs a tool name (or a list of them)');
  if (trajectory === undefined) throw new AssertionValueError('"trajectory:tool-used" needs a target that reports a trajectory (EvalTarget output.trajectory)');
  const used = new Set(trajectory.filter((step) => step.type === "tool-call" && step.name !== undefined).map((step) => step.name!));
  const missing = names.filter((name) => !used.has(name));
  const pass = (missing.length === 0) !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : inverse ? `the agent called ${names.join(", ")}` : `the agent did not call ${missing.join(", ")} (called: ${[...used].join(", ") || "nothing"})` };
};
