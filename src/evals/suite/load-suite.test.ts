import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../errors/index.js";
import { assertionFromString } from "./assertion-from-string.js";
import { loadSuite } from "./load-suite.js";
import { mapModelReference, mapProviderId } from "./map-provider-id.js";

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-suite-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

describe("promptfoo provider ids", () => {
  it("maps to registry ids, HTTP endpoints and modules", () => {
    expect(mapProviderId("openai:chat:gpt-4o-mini")).toEqual({ kind: "model", modelId: "openai:gpt-4o-mini" });
    expect(mapProviderId("openai:gpt-4o")).toEqual({ kind: "model", modelId: "openai:gpt-4o" });
    expect(mapProviderId("anthropic:messages:claude-haiku-4-5")).toEqual({ kind: "model", modelId: "anthropic:claude-haiku-4-5" });
    expect(mapProviderId("ollama:chat:llama3.2:1b")).toEqual({ kind: "model", modelId: "ollama:llama3.2:1b" });
    expect(mapProviderId("local:default")).toEqual({ kind: "model", modelId: "local:default" });
    expect(mapProviderId("https://api.example.com/chat")).toEqual({ kind: "http", url: "https://api.example.com/chat" });
    expect(mapProviderId("http")).toEqual({ kind: "http", url: undefined });
    expect(mapProviderId("file://providers/custom.ts:Provider")).toEqual({ kind: "function", file: "providers/custom.ts", exportName: "Provider" });
    expect(mapProviderId("echo")).toEqual({ kind: "echo" });
    expect(mapProviderId("python:provider.py").kind).toBe("unsupported");
    expect(mapModelReference({ id: "openai:chat:gpt-4o" })).toBe("openai:gpt-4o");
    expect(mapModelReference({ embedding: { id: "openai:embedding:text-embedding-3-small" } }, "embedding")).toBe("openai:text-embedding-3-small");
  });

  it("reads CSV __expected cells as promptfoo does", () => {
    expect(assertionFromString("contains:Paris")).toEqual({ type: "contains", value: "Paris" });
    expect(assertionFromString("not-icontains: rome")).toEqual({ type: "not-icontains", value: " rome" });
    expect(assertionFromString("contains-any: a, b")).toEqual({ type: "contains-any", value: ["a", "b"] });
    expect(assertionFromString("similar(0.9):hello")).toEqual({ type: "similar", value: "hello", threshold: 0.9 });
    expect(assertionFromString("similar:hello")).toMatchObject({ threshold: 0.8 });
    expect(assertionFromString("javascript: output.length > 3")).toEqual({ type: "javascript", value: "output.length > 3" });
    expect(assertionFromString("grade: is polite")).toEqual({ type: "llm-rubric", value: " is polite" });
    expect(assertionFromString("file://check.py")).toEqual({ type: "python", value: "file://check.py" });
    expect(assertionFromString("is-xml")).toEqual({ type: "is-xml", value: undefined });
    expect(assertionFromString("Paris")).toEqual({ type: "equals", value: "Paris" });
  });
});

describe("loadSuite", () => {
  it("resolves a promptfoo config: prompt files, defaultTest, CSV tests, array vars, file vars, one warning for unknown keys", async () => {
    const folder = folderWith({
      "promptfooconfig.yaml": `
description: capitals
prompts:
  - file://prompts.txt
  - id: file://polite.prompt.md
    label: polite
providers:
  - id: openai:chat:gpt-4o-mini
    config: { temperature: 0, max_tokens: 32, apiKeyEnvar: X }
defaultTest:
  vars: { tone: plain }
  assert:
    - type: not-contains
      value: sorry
tests:
  - file://tests.csv
  - vars: { country: [France, Spain], notes: file://notes.txt }
    assert: [{ type: icontains, value: "{{country}}", metric: mention }]
    options: { transform: output.trim() }
sharing: true
`,
      "prompts.txt": "Capital of {{country}}?\n---\nName the capital city of {{country}}. Tone: {{tone}}.",
      "polite.prompt.md": "---\nmodel: openai:gpt-4o-mini\ntemperature: 0.2\nvariables:\n  country: { description: a country }\n---\nPlease, what is the capital of {{country}}?\n",
      "tests.csv": "country,__expected,__expected2,__description\nItaly,contains:Rome,not-contains:Milan,italy\nJapan,icontains:tokyo,,\n",
      "notes.txt": "some notes",
    });
    const suite = await loadSuite({ file: path.join(folder, "promptfooconfig.yaml") });
    expect(suite.prompts.map((prompt) => prompt.label)).toEqual(["prompts.txt: Capital of {{country}}?", "prompts.txt: Name the capital city of {{country}}. T…", "polite"]);
    expect(suite.prompts[2]!.parameters).toMatchObject({ temperature: 0.2 });
    expect(suite.targets).toEqual([{ kind: "model", id: "openai:chat:gpt-4o-mini", label: "openai:chat:gpt-4o-mini", modelId: "openai:gpt-4o-mini", parameters: { temperature: 0, maxTokens: 32 } }]);
    expect(suite.variants).toHaveLength(3);
    expect(suite.tests).toHaveLength(4);
    expect(suite.tests[0]).toMatchObject({ description: "italy", vars: { tone: "plain", country: "Italy" }, assert: [{ type: "not-contains", value: "sorry" }, { type: "contains", value: "Rome" }, { type: "not-contains", value: "Milan" }] });
    expect(suite.tests[1]!.assert).toHaveLength(2);
    expect(suite.tests.slice(2).map((test) => test.vars)).toEqual([
      { tone: "plain", country: "France", notes: "some notes" },
      { tone: "plain", country: "Spain", notes: "some notes" },
    ]);
    expect(suite.warnings).toHaveLength(1);
    expect(suite.warnings[0]).toContain("sharing");
    expect(suite.warnings[0]).toContain("providers[0].config.apiKeyEnvar");
    expect(suite.warnings[0]).not.toContain("transform");
    expect(suite.tests.slice(2).map((test) => test.transform)).toEqual([{ code: "output.trim()", where: "tests[1].options.transform" }, { code: "output.trim()", where: "tests[1].options.transform" }]);
    expect(suite.hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await loadSuite({ file: path.join(folder, "promptfooconfig.yaml") });
    expect(again.hash).toBe(suite.hash);
  });

  it("loads the quickstart example with no warnings", async () => {
    const suite = await loadSuite({ file: path.join(import.meta.dirname, "..", "..", "..", "examples", "quickstart-eval", "flywheel.eval.yaml") });
    expect(suite.warnings).toEqual([]);
    expect(suite.variants.map((variant) => variant.label)).toEqual(["vague", "specific"]);
    expect(suite.targets[0]).toMatchObject({ kind: "model", modelId: "local:tiny", parameters: { temperature: 0, maxTokens: 32 } });
    // Enough tests for intervals and a paired test that say something.
    expect(suite.tests).toHaveLength(30);
    expect(suite.tests[0]!.assert.map((assertion) => assertion.type)).toEqual(["contains-json", "javascript"]);
  });

  it("warns about variables no test sets, not about Nunjucks", async () => {
    const suite = await loadSuite({ suite: { prompts: ["{{ q | upper }} {% for item in items %}{{ loop.index }}{{ item }}{% endfor %} {{ env.HOME }} {{ missing }}"], providers: ["echo"], tests: [{ vars: { q: "x", items: [1] } }] } });
    expect(suite.warnings.join("\n")).toMatch(/prompts use variable missing that no test sets/);
    expect(suite.warnings.join("\n")).not.toMatch(/Nunjucks/);
  });

  it("refuses an assertion type it does not support, with its key path and line:column", async () => {
    const folder = folderWith({
      "suite.yaml": "prompts: [hi]\nproviders: [echo]\ntests:\n  - assert:\n      - type: contains\n        value: hi\n      - type: not-trace-span-count\n",
      "default.yaml": "prompts: [hi]\nproviders: [echo]\ndefaultTest:\n  assert: [{ type: g-eval, value: fine }]\ntests: [{ vars: { a: 1 } }]\n",
      "csv.yaml": "prompts: [hi]\nproviders: [echo]\ntests: file://tests.csv\n",
      "tests.csv": "a,__expected\n1,contains:hi\n2,perplexity:0.5\n",
    });
    const file = path.join(folder, "suite.yaml");
    await expect(loadSuite({ file })).rejects.toThrow(`${file}:7:9: tests[0].assert[1].type: expected a supported assertion type, found \`not-trace-span-count\``);
    await expect(loadSuite({ file: path.join(folder, "default.yaml") })).rejects.toThrow(`default.yaml:4:14: defaultTest.assert[0].type: expected a supported assertion type, found \`g-eval\``);
    await expect(loadSuite({ file: path.join(folder, "csv.yaml") })).rejects.toThrow("tests.csv[1].assert[0].type: expected a supported assertion type, found `perplexity`");
    await expect(loadSuite({ suite: { prompts: ["hi"], providers: ["echo"], tests: [{ assert: [{ type: "moderation" }] }] } })).rejects.toThrow("suite: tests[0].assert[0].type");
  });

  it("reads CSV __threshold (0 too), __metadata and __config columns, and refuses the ones it cannot honour", async () => {
    const folder = folderWith({
      "suite.yaml": "prompts: [hi]\nproviders: [echo]\ntests: file://tests.csv\n",
      "tests.csv": "a,__expected,__expected2,__threshold,__metadata:topic,__metadata:tags[],__config:__expected2:threshold\n1,contains:hi,similar:hi,0,geo,\"x, y\\, z\",0.5\n2,contains:hi,,abc,,,1\n",
      "prefix.yaml": "prompts: [hi]\nproviders: [echo]\ntests: file://prefix.csv\n",
      "prefix.csv": "a,__prefix\n1,Answer:\n",
      "empty.yaml": "prompts: [hi]\nproviders: [echo]\ntests: file://empty.csv\n",
      "empty.csv": "a,__expected,__config:__expected:threshold\n1,similar:hi,\n",
    });
    const suite = await loadSuite({ file: path.join(folder, "suite.yaml") });
    expect(suite.tests[0]).toMatchObject({ threshold: 0, metadata: { topic: "geo", tags: ["x", "y, z"], threshold: 0.5 } });
    expect(suite.tests[0]!.assert[1]).toMatchObject({ type: "similar", threshold: 0.5 });
    expect(suite.tests[1]!.threshold).toBeUndefined();
    // Row 2 has no second assertion, so its `__config` threshold goes nowhere, as in promptfoo.
    expect(suite.tests[1]!.metadata).toBeUndefined();
    await expect(loadSuite({ file: path.join(folder, "prefix.yaml") })).rejects.toThrow("prefix.csv: column __prefix: expected a column Flywheel supports, found `__prefix`");
    await expect(loadSuite({ file: path.join(folder, "empty.yaml") })).rejects.toThrow('empty.csv: column __config:__expected:threshold: expected a number, found ""');
  });

  it("reports invalid YAML with its line, and shapes it cannot use, as config errors", async () => {
    const folder = folderWith({ "bad.yaml": "prompts:\n  - ok\n tests: [\n", "shape.yaml": "prompts: 3\n", "none.yaml": "prompts: [hi]\n" });
    const invalid = await loadSuite({ file: path.join(folder, "bad.yaml") }).catch((error: unknown) => error);
    expect(ConfigError.isInstance(invalid)).toBe(true);
    expect((invalid as Error).message).toMatch(/invalid YAML at line \d/);
    await expect(loadSuite({ file: path.join(folder, "shape.yaml") })).rejects.toThrow(/prompts/);
    await expect(loadSuite({ file: path.join(folder, "none.yaml") })).rejects.toThrow(/no providers/);
    await expect(loadSuite({ file: path.join(folder, "missing.yaml") })).rejects.toThrow(/no such file/);
  });
});
