// Online checks: assertions from the evals registry run on live outputs of prompts, after the
// response, sampled and budgeted, their results stored on the call's span.
export { createOnlineChecks } from "./online-check-runner.js";
export type { OnlineChecks, OnlineChecksOptions, OnlineCheckCounts, LiveCall } from "./online-check-runner.js";
export { onlineChecksFor, MODEL_GRADED_SAMPLE_RATE } from "./online-checks-for.js";
export type { OnlineCheck } from "./online-checks-for.js";
