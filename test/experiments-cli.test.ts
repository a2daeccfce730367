import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../src/evals/index.js";
import type { ExperimentReport } from "../src/experiments/index.js";
import { openStore } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";
import { experimentTrace } from "./support/span-factory.js";

const CONFIG = `experiments:
  tone:
    description: Friendly replies against terse ones
    variants:
      terse: {}
      friendly: { model: "openai:gpt-4o", temperature: 0.2 }
    metric: feedback
    guardrails:
      - { metric: latency, maxWorse: 200 }
    minSamples: 50
  length:
    variants:
      short: {}
      long: {}
`;

let cwd: string;
let env: Record<string, string>;
const cli = (args: string[]) => runCli(args, { cwd, env });

/** 300 calls per variant, one per user, with feedback: terse is liked 40% of the time, friendly 70%. */
async function seed(database: string): Promise<void> {
  const store = await openStore({ url: database });
  const random = seededRandom(11);
  const spans = [];
  const feedback = [];
  for (let index = 0; index < 600; index += 1) {
    const variant = index % 2 === 0 ? "terse" : "friendly";
    const span = experimentTrace({ experiment: "tone", variant, unit: `user-${index}`, startTime: 1_700_000_000_000 + index * 60_000, durationMs: 400 + Math.floor(random() * 100) });
    spans.push(span);
    const good = random() < (variant === "terse" ? 0.4 : 0.7);
    feedback.push({ feedbackId: `f${index}`, traceId: span.traceId, spanId: null, score: null, label: good ? ("good" as const) : ("bad" as const), correction: null, note: null, author: "user", createdAt: span.startTime + 1000 });
  }
  await store.traces.writeSpans(spans);
  for (const entry of feedback) await store.feedback.add(entry);
  await store.close();
}

beforeAll(async () => {
  cwd = temporaryFolder("flywheel-experiments-");
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), CONFIG);
  const database = path.join(cwd, "flywheel.db");
  env = { FLYWHEEL_DB: database, FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
  await seed(database);
});

describe("flywheel experiments", () => {
  it("lists the declared experiments with their calls, and reports one in the terminal, as JSON and as Markdown", async () => {
    const listed = await cli(["experiments", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^tone\s+running\s+feedback\s+terse 300, friendly 300\s+not started$/m);
    expect(listed.stdout).toMatch(/^length\s+running\s+feedback\s+short 0, long 0\s+not started$/m);

    const terminal = await cli(["experiments", "report", "tone"]);
    expect(terminal.code, terminal.stderr).toBe(0);
    expect(terminal.stdout).toContain("experiment tone  running · unit user · metric feedback (higher is better) · 95% anytime-valid intervals");
    expect(terminal.stdout).toMatch(/^terse \(control\)\s+300\s+300\s+300\s+0\.\d{3}\s+\[0\.\d{3}, 0\.\d{3}\]$/m);
    expect(terminal.stdout).toMatch(/^friendly\s+\+0\.\d{3}\s+\[\+0\.\d{3}, \+0\.\d{3}\]\s+< 0\.001$/m);
    expect(terminal.stdout).toContain("sample ratio: terse 300 (expected 300), friendly 300 (expected 300); p = 1.00, ok");
    expect(terminal.stdout).toMatch(/^guardrail latency on friendly: [+-]\d+(\.\d)? ms \[[+-]?\d+(\.\d)? ms, [+-]?\d+(\.\d)? ms\], limit 200 ms worse: ok$/m);
    expect(terminal.stdout).toContain("verdict: ship friendly: friendly is better than the control on feedback");

    const json = await cli(["experiments", "report", "tone", "--format", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as ExperimentReport;
    expect(report.verdict).toMatchObject({ kind: "ship", variant: "friendly" });
    expect(report.comparisons[0]!.low).toBeGreaterThan(0);
    expect(report.history).toHaveLength(50);

    const written = await cli(["experiments", "report", "tone", "-o", "tone.md"]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain("report written to tone.md");
    const markdown = readFileSync(path.join(cwd, "tone.md"), "utf8");
    expect(markdown).toContain("# Experiment tone");
    expect(markdown).toMatch(/^\| friendly − control \| \+0\.\d{3} \| \[\+0\.\d{3}, \+0\.\d{3}\] \| < 0\.001 \|$/m);
    expect(markdown).toContain("**Verdict: ship friendly**");
  });

  it("refuses an unknown experiment, variant or format with one line and a hint", async () => {
    const unknown = await cli(["experiments", "report", "colour"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: unknown experiment "colour"\nhint: declared experiments: tone, length\n');
    const variant = await cli(["experiments", "ship", "tone", "warm"]);
    expect(variant.code).toBe(1);
    expect(variant.stderr).toBe('error: experiment "tone" has no variant "warm"\nhint: its variants: terse, friendly\n');
    const format = await cli(["experiments", "report", "tone", "--format", "html"]);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toMatch(/^error: unknown format "html"\nhint: use --format terminal, json or md\n$/);
  });

  it("ships a winner, saying what to make the default, and stops another experiment", async () => {
    const shipped = await cli(["experiments", "ship", "tone", "friendly"]);
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stdout).toBe(
      "shipped friendly: every unit of experiment tone gets it from now on\n" +
        "to make friendly permanent:\n" +
        "  - set model: openai:gpt-4o in the prompt's front matter (or defaultModel in flywheel.config.yaml)\n" +
        "  - set temperature: 0.2 in the prompt's front matter or the callers' requests\n" +
        "  - remove experiments.tone from flywheel.config.yaml once no caller names experiment:tone\n",
    );
    const stopped = await cli(["experiments", "stop", "length"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toBe("stopped experiment length: every unit gets the control (short) from now on\n");
    const listed = await cli(["experiments", "list", "--json"]);
    const listings = JSON.parse(listed.stdout) as { name: string; status: string; winner: string | null }[];
    expect(listings.map(({ name, status, winner }) => ({ name, status, winner }))).toEqual([
      { name: "tone", status: "shipped", winner: "friendly" },
      { name: "length", status: "stopped", winner: null },
    ]);
    const report = await cli(["experiments", "report", "tone"]);
    expect(report.stdout).toContain("experiment tone  shipped (winner: friendly)");
  });
});
