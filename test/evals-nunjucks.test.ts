import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));

beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-eval-nunjucks-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "eval-nunjucks-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
  writeFileSync(path.join(cwd, "shout.js"), "export default (text) => String(text).toUpperCase();\n");
});

describe("flywheel eval with Nunjucks templates", () => {
  it("refuses a custom filter whose path promptfoo would not find, naming the key, with exit 2", async () => {
    writeFileSync(path.join(cwd, "suite.yaml"), `prompts: ["{{ word | shout }}"]\nproviders: [openai:chat:gpt-4o-mini]\nnunjucksFilters:\n  shout: file://shout.js\ntests:\n  - vars: { word: hi }\n`);
    const result = await runCli(["eval", "-c", "suite.yaml"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*suite\.yaml: nunjucksFilters\.shout: expected the path of a JavaScript module.*\nhint: write the path without file:\/\/ .*shout: \.\/shout\.js\n$/);
  });

  it("runs the other cells when a template escapes nothing and another never ends", async () => {
    const tests = [
      `  - vars: { word: hi }\n    assert: [{ type: contains, value: "HI" }]`,
      `  - vars: { word: "{{ 'x'.constructor.constructor('return typeof process')() }}" }\n    assert: [{ type: contains, value: "UNDEFINED" }]`,
      `  - vars: { word: "{% for i in range(100000000) %}{% endfor %}", i: 0 }`,
    ].join("\n");
    writeFileSync(path.join(cwd, "suite.yaml"), `prompts: ["Say {{ word | shout }}"]\nproviders: [openai:chat:gpt-4o-mini]\nassertionTimeoutMs: 500\nnunjucksFilters:\n  shout: ./shout.js\ntests:\n${tests}\n`);
    const result = await runCli(["eval", "-c", "suite.yaml", "--no-cache", "-o", "report.json"], { cwd, env });
    expect(result.code, result.stderr).toBe(1);
    const cells = (JSON.parse(readFileSync(path.join(cwd, "report.json"), "utf8")) as { results: { testIndex: number; status: string; error?: string; prompt?: string }[] }).results.sort((a, b) => a.testIndex - b.testIndex);
    expect(cells.map((cell) => cell.status)).toEqual(["pass", "pass", "error"]);
    expect(cells[1]!.prompt).toBe("Say UNDEFINED");
    expect(cells[2]!.error).toMatch(/the Nunjucks template did not finish within 500 ms and was stopped/);
  });
});
