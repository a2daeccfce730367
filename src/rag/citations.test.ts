import { describe, expect, it } from "vitest";
import { dropInvalidCitations } from "./citations.js";

describe("dropInvalidCitations", () => {
  it("removes markers that name no passage and keeps the valid numbers of a group", () => {
    expect(dropInvalidCitations("Skipped [2]. Hashed [7]. Both [1, 9][3].", 3)).toEqual({ answer: "Skipped [2]. Hashed. Both [1][3].", dropped: [7, 9] });
    expect(dropInvalidCitations("Nothing to drop [1][2].", 2)).toEqual({ answer: "Nothing to drop [1][2].", dropped: [] });
    expect(dropInvalidCitations("Zero is no source [0].", 2)).toEqual({ answer: "Zero is no source.", dropped: [0] });
  });
});
