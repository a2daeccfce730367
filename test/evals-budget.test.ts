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

/** A promptfoo suite of ten tests on one model. */
function writeSuite(file: string, provider: string): void {
  const tests = Array.from({ length: 10 }, (_, index) => `  - vars: { word: w${index} }\n    assert: [{ type: contains, value: "w${index}" }]\n`).join("");
  writeFileSync(path.join(cwd, file), `prompts: ["Echo {{word}}"]\nproviders: [${provider}]\ntests:\n${tests}`);
}

const chatCalls = () => server.requests.filter((request) => request.path.endsWith("/chat/completions")).length;

beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-eval-budget-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "eval-budget-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), `models:\n  "openai:usage-negative":\n    price: { input: 1, output: 1 }\n`);
  writeSuite("calls.yaml", "openai:chat:gpt-4o-mini");
  writeSuite("cost.yaml", "openai:chat:usage-negative");
  writeSuite("unpriced.yaml", "openai:chat:no-price-model");
});

describe("eval budgets", () => {
  it("--max-calls: no call past the budget, finished cells kept and reported, the rest not run; resuming runs the rest; cached answers are free", async () => {
    const stopped = await runCli(["eval", "-c", "calls.yaml", "-j", "1", "--max-calls", "3"], { cwd, env });
    expect(stopped.code, stopped.stderr).toBe(1);
    expect(chatCalls()).toBe(3);
    expect(stopped.stdout).toMatch(/3 passed, 0 failed, 0 errors \(3 cells\)/);
    expect(stopped.stdout).toContain("stopped by its budget: 7 cells not run (resume with a larger budget)");
    expect(stopped.stderr).toMatch(/^error: eval run [0-9a-f]+ stopped: the budget of 3 model calls is spent; 3 cells kept, 7 not run$/m);
    expect(stopped.stderr).toContain("hint: run the same command with a larger --max-cost or --max-calls to run the rest");
    expect(stopped.stderr).not.toContain("    at ");
    const list = await runCli(["eval", "list", "--json"], { cwd, env });
    expect(JSON.parse(list.stdout)).toMatchObject([{ status: "stopped", passed: 3 }]);

    const resumed = await runCli(["eval", "-c", "calls.yaml", "-j", "1", "--max-calls", "100"], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("3 of 10 cells already done");
    expect(resumed.stdout).toMatch(/10 passed, 0 failed, 0 errors \(10 cells\)/);
    expect(chatCalls()).toBe(10);

    // Every answer is now in the response cache: a fresh run makes no call, so one call of budget is plenty.
    const cached = await runCli(["eval", "-c", "calls.yaml", "--no-resume", "--max-calls", "1"], { cwd, env });
    expect(cached.code, cached.stderr).toBe(0);
    expect(chatCalls()).toBe(10);
  });

  it("--max-cost stops the run, even when the provider reports negative usage", async () => {
    const stopped = await runCli(["eval", "-c", "cost.yaml", "-j", "1", "--max-cost", "0.00002"], { cwd, env });
    expect(stopped.code, stopped.stderr).toBe(1);
    expect(stopped.stderr).toMatch(/^error: eval run [0-9a-f]+ stopped: the cost budget of \$0\.00002 is spent \(\$0\.0000\d+ used\); (\d) cells kept, \d+ not run$/m);
    expect(chatCalls()).toBeGreaterThan(0);
    expect(chatCalls()).toBeLessThan(10);
  });

  it("refuses a call past the budget in a cell already started, and leaves that cell not run", async () => {
    const stopped = await runCli(["eval", "-c", "calls.yaml", "-j", "4", "--max-calls", "3", "-o", "out.json"], { cwd, env });
    expect(stopped.code, stopped.stderr).toBe(1);
    expect(chatCalls()).toBe(3);
    expect(stopped.stderr).toMatch(/stopped: the budget of 3 model calls is spent; 3 cells kept, 7 not run$/m);
    const report = JSON.parse(readFileSync(path.join(cwd, "out.json"), "utf8")) as { status: string; results: unknown[] };
    expect(report).toMatchObject({ status: "stopped" });
    expect(report.results).toHaveLength(3);
  });

  it("refuses --max-cost when a model's price is unknown", async () => {
    const refused = await runCli(["eval", "-c", "unpriced.yaml", "--max-cost", "1"], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error: a cost budget was set, but the price of openai:no-price-model is unknown");
    expect(chatCalls()).toBe(0);
  });
});
