import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startProtocolServer();
  cwd = temporaryFolder("flywheel-eval-cli-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "eval-cli-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
  writeFileSync(
    path.join(cwd, "promptfooconfig.yaml"),
    `prompts: ["Echo {{word}}"]
providers: [openai:chat:gpt-4o-mini]
tests:
  - vars: { word: alpha }
    assert: [{ type: contains, value: alpha }]
  - vars: { word: beta }
    assert: [{ type: contains, value: "{{word}}" }]
`,
  );
  writeFileSync(path.join(cwd, "failing.yaml"), `prompts: ["Echo {{word}}"]\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n  - vars: { word: alpha }\n    assert: [{ type: contains, value: alpha }]\n  - vars: { word: beta }\n    assert: [{ type: equals, value: nope }]\n`);
});
afterAll(async () => {
  await server.close();
});

describe("flywheel eval", () => {
  it("says at load which grader the keys chose, and grades with it", async () => {
    writeFileSync(path.join(cwd, "rubric.yaml"), `prompts: ["Echo {{word}}"]\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n  - vars: { word: alpha }\n    assert: [{ type: llm-rubric, value: "mentions 'alpha'" }]\n`);
    const result = await runCli(["eval", "-c", "rubric.yaml", "--no-cache"], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^grading with openai:gpt-5\.6-sol, embedding with openai:text-embedding-3-large \(OPENAI_API_KEY is set\)$/m);
    const graded = server.requests.find((request) => (request.body as { model?: string }).model === "gpt-5.6-sol");
    expect((graded?.body as { response_format?: unknown }).response_format).toEqual({ type: "json_object" });
    const plain = await runCli(["eval", "-c", "failing.yaml"], { cwd, env });
    expect(plain.stderr).not.toContain("grading with");
  });

  it("exits 0 when every test passes, prints the matrix, and stores the run for list/show", async () => {
    const result = await runCli(["eval", "-o", "out.json"], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^1\. word=alpha +✓ 1\.00$/m);
    expect(result.stdout).toMatch(/^2\. word=beta +✓ 1\.00$/m);
    expect(result.stdout).toMatch(/^openai:chat:gpt-4o-mini +100% \[100%, 100%\] +1\.00 \[1\.00, 1\.00\] +2\/0\/0 /m);
    expect(result.stdout).toMatch(/2 passed, 0 failed, 0 errors \(2 cells\)/);
    expect(result.stderr).toContain("all 2 cells passed");
    expect(result.stderr).not.toContain("--output report.html");
    const report = JSON.parse(readFileSync(path.join(cwd, "out.json"), "utf8")) as { runId: string; summary: object };
    expect(report.summary).toEqual({ passed: 2, failed: 0, errors: 0, tests: 2, cells: { passed: 2, failed: 0, errors: 0, total: 2 } });
    expect(result.stdout).toMatch(new RegExp(`^eval ${report.runId} `));
    // The stored run, shown again, is the report the run printed.
    const show = await runCli(["eval", "show", report.runId.slice(0, 8)], { cwd, env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toBe(result.stdout);
    const list = await runCli(["eval", "list"], { cwd, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${report.runId.slice(0, 12)} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +completed +\\S*promptfooconfig\\.yaml +1 +100% +2/0/0$`, "m"));
    const listed = JSON.parse((await runCli(["eval", "list", "--json"], { cwd, env })).stdout) as { runId: string; status: string; passed: number; variants: string[] }[];
    expect(listed.find((run) => run.runId === report.runId)).toMatchObject({ status: "completed", passed: 2, variants: ["openai:chat:gpt-4o-mini"] });
  });

  it("exits 1 on failures and behind a --baseline regression (one line per gate), and compares runs", async () => {
    const failing = await runCli(["eval", "-c", "failing.yaml", "-o", "failing.json"], { cwd, env });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("1 of 2 cells failed");
    const good = JSON.parse(readFileSync(path.join(cwd, "out.json"), "utf8")) as { runId: string };
    const bad = JSON.parse(readFileSync(path.join(cwd, "failing.json"), "utf8")) as { runId: string };
    const regressed = await runCli(["eval", "-c", "failing.yaml", "--fail-under", "0.5", "--baseline", good.runId, "--max-regression", "0.2"], { cwd, env });
    expect(regressed.code).toBe(1);
    expect(regressed.stderr).toContain("gate passed: pass rate 0.5 is at least --fail-under 0.5");
    expect(regressed.stderr).toMatch(/gate failed: pass rate 0\.5 vs 1\.0 in baseline/);
    // No report was asked for, so the summary suggests one.
    expect(regressed.stderr).toContain("--output report.html for the side-by-side view");
    const compare = await runCli(["eval", "compare", good.runId, bad.runId], { cwd, env });
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain("100% → 50%");
    expect(compare.stdout).toContain("regressed: openai:chat:gpt-4o-mini · test 2");
  });

  it("exits 2 with a clear message on invalid YAML, an unknown provider or a bad report extension", async () => {
    writeFileSync(path.join(cwd, "broken.yaml"), "prompts: [a\ntests: {\n");
    const broken = await runCli(["eval", "-c", "broken.yaml"], { cwd, env });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: .*broken\.yaml: expected valid YAML, found invalid YAML at line \d+/m);
    writeFileSync(path.join(cwd, "unknown.yaml"), "prompts: [hi]\nproviders: [nope:model]\ntests: [{ vars: {} }]\n");
    const unknown = await runCli(["eval", "-c", "unknown.yaml"], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown provider "nope"');
    const extension = await runCli(["eval", "-o", "report.pdf"], { cwd, env });
    expect(extension.code).toBe(2);
    expect(extension.stderr).toContain('unknown extension ".pdf"');
  });
});
