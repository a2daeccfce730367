// `flywheel quickstart` (what `npm start` runs) end to end on the real embedded models, in a fresh
// folder so no response is cached: the eval step must compare prompts that really differ, and
// the docs answer, written by the default model, must state the fact and cite the passage that
// holds it. It is the slowest command, so one run is shared by the checks of its four steps.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { modelHome } from "./support/local-provider-handle.js";
import { runCli } from "./support/run-cli.js";
import type { CliResult } from "./support/run-cli.js";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

describe("flywheel quickstart", () => {
  let result: CliResult;
  let answerStep: string;
  let traceStep: string;
  let evalStep: string;
  let ragStep: string;

  beforeAll(async () => {
    const cwd = temporaryFolder("flywheel-quickstart-");
    result = await runCli(["quickstart"], { cwd, env: { FLYWHEEL_HOME: modelHome, FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" }, timeoutMs: 900_000 });
    [, answerStep = "", traceStep = "", evalStep = "", ragStep = ""] = result.stdout.split(/^(?:1\. A prompt|2\. Its trace|3\. An eval|4\. Retrieval)/m);
  }, 920_000);

  it("runs its four steps in order and exits 0 without warnings or errors", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/\(node:\d+\)|AI SDK Warning|error:/);
    expect(ragStep, "the four steps, in order").not.toBe("");
  });

  it("streams an answer from the embedded model and prints the trace of that call as `traces show` does", () => {
    expect(answerStep).toContain("model: local:default");
    expect(answerStep).toMatch(/^answer: \S/m);
    expect(traceStep).toMatch(/^trace [0-9a-f]{32} {2}run {2}ok$/m);
    expect(traceStep).toMatch(/ · \d+ in \/ \d+ out tokens · \$0 · 2 spans$/m);
    expect(traceStep).toMatch(/^└─ run {2}ok /m);
    expect(traceStep).toMatch(/^ {3}└─ chat default {2}ok .* local:default {2}\d+ in \/ \d+ out/m);
  });

  it("shows an eval whose two prompts differ, with intervals and a paired comparison", () => {
    // Each variant's pass rate with its interval: not every one a certain 100%, and the two prompts apart.
    const rates = [...evalStep.matchAll(/^(vague|specific)\s+(\d+)% \[(\d+)%, (\d+)%\]/gm)].map((match) => ({ label: match[1], rate: Number(match[2]), low: Number(match[3]), high: Number(match[4]) }));
    expect(rates.map((rate) => rate.label)).toEqual(["vague", "specific"]);
    expect(rates.every((rate) => rate.low === 100 && rate.high === 100)).toBe(false);
    expect(rates[1]!.rate - rates[0]!.rate).toBeGreaterThanOrEqual(10);
    expect(evalStep).toMatch(/vague vs specific: score Δ [+-]\d\.\d\d \[[+-]\d\.\d\d, [+-]\d\.\d\d\] p[=<]\d\.\d{3}/);
  });

  it("answers the question from the docs in its own words, citing the passage that holds the fact", () => {
    // The answer cites by number, and each number is a source listed under it and not marked "not cited".
    const answer = /^answer: (.*)$/m.exec(ragStep)![1]!;
    const cited = [...answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(cited.length).toBeGreaterThan(0);
    for (const number of cited) {
      expect(ragStep).toMatch(new RegExp(`^\\[${number}\\] \\S*(README|rag)\\.md \\(lines? \\d+`, "m"));
      expect(ragStep).not.toMatch(new RegExp(`^\\[${number}\\] .*\\(not cited\\)$`, "m"));
    }
    // The fact: ingest skips a document whose content hash is unchanged.
    expect(answer).toMatch(/skip/i);
    expect(answer).toMatch(/unchanged|not changed|has not changed|same/i);
    // One cited source is the retrieval guide's passage holding that sentence.
    const factLine = readFileSync(path.join(repositoryRoot, "docs", "rag.md"), "utf8").split("\n").findIndex((line) => line.includes("is unchanged is")) + 1;
    expect(factLine).toBeGreaterThan(0);
    const holders = cited.filter((number) => {
      const range = new RegExp(`^\\[${number}\\] \\S*rag\\.md \\(lines? (\\d+)(?:-(\\d+))?`, "m").exec(ragStep);
      return range !== null && Number(range[1]) <= factLine && factLine <= Number(range[2] ?? range[1]);
    });
    expect(holders.length, ragStep).toBeGreaterThan(0);
    expect(ragStep).not.toMatch(/extractive/);
  });
});
