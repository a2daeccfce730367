import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/** `latency`: the target answered within `threshold` milliseconds. A cached answer has no latency to judge. */
export const latency: AssertionHandler = ({ assertion, latencyMs, cached, inverse }) => {
  if (cached) throw new AssertionValueError("the answer came from the cache, so its latency was not measured; run with --no-cache");
  if (assertion.threshold === undefined) {
    if (inverse || assertion.metric === undefined) throw new AssertionValueError('"latency" needs a threshold in milliseconds (or a metric name to only record it)');
    return { pass: true, score: latencyMs, reason: `latency ${Math.round(latencyMs)} ms recorded` };
  }
  const within = latencyMs <= assertion.threshold;
  const pass = within !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : `latency ${Math.round(latencyMs)} ms is ${within ? "within" : "over"} the ${assertion.threshold} ms threshold` };
};
