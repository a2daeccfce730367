import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/**
 * `trajectory:step-count`: the agent took at most `value` model calls (a number), or a
 * count within `{ min, max }`. Reads the `step` entries of the target's trajectory.
 */
export const trajectoryStepCount: AssertionHandler = ({ value, trajectory, inverse }) => {
  const bounds = typeof value === "number" ? { min: 0, max: value } : typeof value === "object" && value !== null ? (value as { min?: unknown; max?: unknown }) : undefined;
  const min = Number(bounds?.min ?? 0);
  const max = Number(bounds?.max ?? Number.POSITIVE_INFINITY);
  if (bounds === undefined || !Number.isFinite(min) || Number.isNaN(max)) throw new AssertionValueError('"trajectory:step-count" needs a number (most steps) or { min, max }');
  if (trajectory === undefined) throw new AssertionValueError('"trajectory:step-count" needs a target that reports a trajectory (an agent)');
  const steps = trajectory.filter((step) => step.type === "step").length;
  const inside = steps >= min && steps <= max;
  const pass = inside !== inverse;
  const range = Number.isFinite(max) ? `${min}..${max}` : `at least ${min}`;
  return { pass, score: pass ? 1 : 0, reason: `${steps} step${steps === 1 ? "" : "s"}, ${inside ? "within" : "outside"} ${range}` };
};
