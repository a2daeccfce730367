import { distance } from "fastest-levenshtein";
import type { AssertionHandler } from "./assertion-types.js";
import { requireText } from "./assertion-types.js";

/** `levenshtein`: the edit distance between the output and the value is at most the threshold (default 5). */
export const levenshtein: AssertionHandler = (input) => {
  const expected = requireText(input);
  const maxDistance = input.assertion.threshold || 5;
  const edits = distance(input.outputText, expected);
  const within = edits <= maxDistance;
  const pass = within !== input.inverse;
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? "assertion passed" : within ? `edit distance ${edits} is within ${maxDistance}` : `edit distance ${edits} is greater than ${maxDistance}`,
    metadata: { distance: edits },
  };
};
