import { describe, expect, it } from "vitest";
import { readPromptfoo } from "../../src/datasets/import/read-promptfoo.js";
import { mapProviderId } from "../../src/evals/index.js";
import { resolveTargets } from "../../src/evals/suite/resolve-targets.js";
import { MissingVariableError, renderTemplate } from "../../src/prompts/index.js";
import { kindFor } from "../../src/rag/loaders/loader-registry.js";

// Names a user writes (provider ids, model parameters, template variables, file extensions)
// are looked up in tables keyed by name; Object.prototype's names must miss, not hit.
describe("names that Object.prototype has", () => {
  it("are plain provider names in a promptfoo-style id", () => {
    expect(mapProviderId("constructor:chat:x")).toEqual({ kind: "model", modelId: "constructor:chat:x" });
    expect(mapProviderId("__proto__:chat:x")).toEqual({ kind: "model", modelId: "__proto__:chat:x" });
  });

  it("are unknown model parameters in a suite's provider config", async () => {
    const unknownKeys = new Set<string>();
    const [target] = await resolveTargets([{ id: "openai:gpt-4o-mini", config: { constructor: 1, toString: "x", temperature: 0.5 } }], { baseDir: ".", file: "suite.yaml", unknownKeys });
    expect(target).toMatchObject({ kind: "model", parameters: { temperature: 0.5 } });
    expect([...unknownKeys].sort()).toEqual(["providers[0].config.constructor", "providers[0].config.toString"]);
  });

  it("are missing template variables, not the object's own machinery", () => {
    expect(() => renderTemplate("Hi {{constructor}}", {})).toThrow(MissingVariableError);
    expect(() => renderTemplate("{{#toString}}x{{/toString}}", {})).toThrow(MissingVariableError);
    expect(renderTemplate("Hi {{constructor}}", { constructor: "you" })).toBe("Hi you");
  });

  it("are ordinary file extensions, not code", () => {
    expect(kindFor("notes.constructor")).toBe("text");
    expect(kindFor("notes.__proto__")).toBe("text");
    expect(kindFor("main.py")).toBe("code");
  });

  it("are missing variables when a promptfoo test names its input or output variable", () => {
    const imported = readPromptfoo("tests:\n  - vars: { question: hi }\n    assert: [{ type: equals, value: hello }]\n", { inputVar: "question", outputVar: "constructor" });
    expect(imported.rows.map((row) => row.messages.map((message) => message.content))).toEqual([["hi", "hello"]]);
    expect(readPromptfoo("tests:\n  - vars: { question: hi, answer: yes }\n", { inputVar: "toString", outputVar: "answer" }).rows).toEqual([]);
  });
});
