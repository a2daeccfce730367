import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/** `cost`: the call cost at most `threshold` US dollars (needs a model whose price the catalog knows). */
export const cost: AssertionHandler = ({ assertion, costUsd, inverse }) => {
  if (costUsd === undefined) throw new AssertionValueError("the target reported no cost (add the model's price to the catalog under models in flywheel.config.yaml)");
  if (assertion.threshold === undefined) {
    if (inverse || assertion.metric === undefined) throw new AssertionValueError('"cost" needs a threshold in US dollars (or a metric name to only record it)');
    return { pass: true, score: costUsd, reason: `cost $${costUsd.toPrecision(2)} recorded` };
  }
  const within = costUsd <= assertion.threshold;
  const pass = within !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : `cost $${costUsd.toPrecision(2)} is ${within ? "within" : "over"} the $${assertion.threshold} threshold` };
};
