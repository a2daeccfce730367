import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSuite } from "../src/evals/index.js";
import { runCli } from "./support/run-cli.js";

// Globs, prompt files and per-provider prompt lists: what the compat fixtures cannot show
// (glob order, and the clear errors for patterns and lists that match nothing).

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "flywheel-loading-"));
  await mkdir(path.join(folder, "articles"));
  for (const name of ["zeta", "alpha", "mid"]) await writeFile(path.join(folder, "articles", `${name}.txt`), `${name} text`);
  await writeFile(path.join(folder, "a.txt"), "A {{article}}");
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("promptfoo globs and prompt lists", () => {
  it("expands a file:// glob var into one test per file, in sorted order", async () => {
    const file = path.join(folder, "glob-vars.yaml");
    await writeFile(file, "prompts: ['Read {{article}}']\nproviders: [echo]\ntests:\n  - vars: { article: file://articles/*.txt, n: [1, 2] }\n");
    const suite = await loadSuite({ file });
    expect(suite.tests.map((test) => test.vars)).toEqual([
      { article: "alpha text", n: [1, 2] },
      { article: "mid text", n: [1, 2] },
      { article: "zeta text", n: [1, 2] },
    ]);
  });

  it("reads every prompt file of a glob, in sorted order", async () => {
    const file = path.join(folder, "glob-prompts.yaml");
    await writeFile(file, "prompts: [file://articles/*.txt]\nproviders: [echo]\n");
    const suite = await loadSuite({ file });
    expect(suite.prompts.map((prompt) => prompt.template)).toEqual(["alpha text", "mid text", "zeta text"]);
  });

  it.each([
    ["a prompt glob", "prompts: [file://prompts/*.txt]\nproviders: [echo]\n", "prompts[0]: expected a pattern that matches at least one prompt file, found no file matching file://prompts/*.txt"],
    ["a test file glob", "prompts: [file://a.txt]\nproviders: [echo]\ntests: [file://tests/*.yaml]\n", "tests[0]: expected a pattern that matches at least one test file, found no file matching file://tests/*.yaml"],
    ["a var glob", "prompts: [file://a.txt]\nproviders: [echo]\ntests:\n  - vars: { article: file://missing/*.md }\n", "tests[0].vars.article: expected a pattern that matches at least one file, found no file matching file://missing/*.md"],
    ["a provider's prompts list", "prompts: [file://a.txt]\nproviders:\n  - id: echo\n    prompts: [nothing-like-it]\n", 'providers[0].prompts: expected the label or id of at least one prompt, found ["nothing-like-it"]'],
  ])("refuses %s that matches nothing, with the key and exit code 2", async (_what, yaml, message) => {
    const file = path.join(folder, "nothing.yaml");
    await writeFile(file, yaml);
    const result = await runCli(["eval", "-c", file, "--no-cache"], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")[0]).toBe(`error: ${file}: ${message}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
