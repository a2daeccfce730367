import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

// promptfoo keys that would change which cells run are refused with the key and where it
// is written, exit code 2, and no run.

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "flywheel-refusals-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("promptfoo keys Flywheel refuses", () => {
  it.each([
    ["extensions", "prompts: ['Say {{word}}']\nproviders: [echo]\ntests: [{ vars: { word: hi } }]\n\nextensions: ['file://hooks.js:extensionHook']\n", "5:1"],
  ])("refuses %s with its line:column and exit code 2", async (key, yaml, position) => {
    const file = path.join(folder, `${key}.yaml`);
    await writeFile(file, yaml);
    const result = await runCli(["eval", "-c", file, "--no-cache"], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe(`error: ${file}:${position}: ${key}: expected only supported promptfoo keys, found \`${key}\`, which Flywheel does not support`);
    expect(lines[1]).toMatch(/^hint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("names a $ref that points nowhere, with exit code 2", async () => {
    const file = path.join(folder, "missing-ref.yaml");
    await writeFile(file, "prompts: ['Say {{word}}']\nproviders: [echo]\nassertionTemplates:\n  hi: { type: contains, value: hi }\ntests:\n  - vars: { word: hi }\n    assert:\n      - $ref: '#/assertionTemplates/nope'\n");
    const result = await runCli(["eval", "-c", file, "--no-cache"], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error: ${file}: $ref: expected a \`$ref\` to a part of this file`);
    expect(result.stderr).toContain('"#/assertionTemplates/nope"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("promptfoo assertion types and CSV columns Flywheel refuses", () => {
  it.each([
    ["tests[1].assert[0].type", "prompts: ['Say {{word}}']\nproviders: [echo]\ntests:\n  - vars: { word: hi }\n  - vars: { word: yo }\n    assert:\n      - type: not-is-refusal\n", ":7:9", "`not-is-refusal`, an assertion type Flywheel does not support"],
    ["defaultTest.assert[0].type", "prompts: ['Say {{word}}']\nproviders: [echo]\ndefaultTest:\n  assert:\n    - type: g-eval\n      value: polite\ntests: [{ vars: { word: hi } }]\n", ":5:7", "`g-eval`, an assertion type Flywheel does not support"],
  ])("refuses the assertion at %s with its line:column and exit code 2", async (key, yaml, position, found) => {
    const file = path.join(folder, `${key.split(".")[0]}.yaml`);
    await writeFile(file, yaml);
    const result = await runCli(["eval", "-c", file, "--no-cache"], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe(`error: ${file}${position}: ${key}: expected a supported assertion type, found ${found}`);
    expect(lines[1]).toMatch(/^hint: /);
  });

  it("refuses an assertion type in a CSV row and a CSV column it cannot honour, by name", async () => {
    await writeFile(path.join(folder, "types.csv"), "word,__expected\nhi,contains:hi\nyo,moderation:x\n");
    await writeFile(path.join(folder, "suffix.csv"), "word,__suffix\nhi,!\n");
    for (const [csv, message] of [
      ["types.csv", "types.csv[1].assert[0].type: expected a supported assertion type, found `moderation`"],
      ["suffix.csv", "suffix.csv: column __suffix: expected a column Flywheel supports, found `__suffix`, which Flywheel does not support"],
    ]) {
      const file = path.join(folder, `${csv}.yaml`);
      await writeFile(file, `prompts: ['Say {{word}}']\nproviders: [echo]\ntests: file://${csv}\n`);
      const result = await runCli(["eval", "-c", file, "--no-cache"], { cwd: folder });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")[0]).toContain(message);
    }
  });
});
