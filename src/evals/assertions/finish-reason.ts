import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

// promptfoo's normalised names for providers' own finish reasons (the AI SDK writes `tool-calls`, `content-filter`).
const normalised: Record<string, string> = {
  function_call: "tool_calls",
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/**
 * `finish-reason`: the target stopped for the given reason (`stop`, `length`, `tool_calls`,
 * `content_filter`), compared case-insensitively. Like promptfoo, a target that reports no
 * reason fails the assertion (and passes `not-finish-reason`).
 */
export const finishReason: AssertionHandler = ({ value, metadata, inverse }) => {
  if (typeof value !== "string") throw new AssertionValueError('"finish-reason" needs a string value');
  const raw = metadata?.finishReason;
  const key = typeof raw === "string" ? raw.trim().toLowerCase().replaceAll("-", "_") : "";
  if (key === "") return { pass: inverse, score: inverse ? 1 : 0, reason: inverse ? "assertion passed" : "the target did not report a finish reason" };
  const reason = normalised[key] ?? key;
  const pass = (value.toLowerCase() === reason) !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : `expected the finish reason ${inverse ? "not " : ""}"${value}", got "${reason}"` };
};
