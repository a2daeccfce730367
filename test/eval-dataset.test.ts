import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
useProtocolServer((started) => (server = started));

describe("flywheel eval --dataset", () => {
  it("runs a dataset's test split as a suite with the runner's statistics", async () => {
    const folder = temporaryFolder();
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", FLYWHEEL_HOME: path.join(folder, "home"), NO_COLOR: "1" };
    // The echo model answers "You said: <text>": rows expecting that pass, the others fail.
    const rows = Array.from({ length: 20 }, (_, index) => {
      const question = `question number ${index} about subject ${index * 13}`;
      return JSON.stringify({ messages: [{ role: "user", content: question }, { role: "assistant", content: index % 2 === 0 ? `You said: ${question}` : "something else" }] });
    });
    writeFileSync(path.join(folder, "qa.jsonl"), rows.join("\n"));
    expect((await runCli(["datasets", "import", "qa", "qa.jsonl", "--split", "0,0,1", "--no-dedupe"], { cwd: folder, env })).code).toBe(0);
    const result = await runCli(["eval", "--dataset", "qa@1", "--model", "openai:gpt-4o-mini", "-o", "report.json", "--no-progress-bar"], { cwd: folder, env });
    expect(result.stderr).not.toMatch(/error:/);
    const report = JSON.parse(readFileSync(path.join(folder, "report.json"), "utf8")) as { runId: string; summary: { passed: number; failed: number; errors: number } };
    expect(report.summary).toMatchObject({ passed: 10, failed: 10, errors: 0 });

    // The failed cases become a dataset, with the reply the test expected.
    const failures = await runCli(["datasets", "create", "failures", "--from-eval", report.runId.slice(0, 8), "--failed-only", "--split", "1,0,0", "--no-dedupe", "--json"], { cwd: folder, env });
    expect(failures.stderr).toBe("");
    const created = JSON.parse(failures.stdout) as { version: { rowCount: number }; sourceReport: { skipped: { passed: number } } };
    expect(created.version.rowCount).toBe(10);
    expect(created.sourceReport.skipped.passed).toBe(10);
    const shown = await runCli(["datasets", "show", "failures", "--rows", "1", "--json"], { cwd: folder, env });
    const row = (JSON.parse(shown.stdout) as { rows: { messages: { content: string }[]; metadata: { source: string } }[] }).rows[0]!;
    expect(row.messages.at(-1)!.content).toBe("something else");
    expect(row.metadata.source).toBe("eval");
    const bad = await runCli(["eval", "--dataset", "qa", "--assert", "vibes"], { cwd: folder, env });
    expect(bad.stderr).toMatch(/unknown assertion "vibes"/);
  });
});
