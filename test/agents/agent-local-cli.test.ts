// `flywheel agent` on the real embedded default model (no API key): the grammar-constrained
// action protocol must drive the calculator and end with a final answer printed as text.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../../src/models/model-store/index.js";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { modelHome } from "../support/local-provider-handle.js";
import { runCli } from "../support/run-cli.js";

describe("flywheel agent on the embedded default model", () => {
  beforeAll(async () => {
    await resolveModel(modelHome, "default", { autoPull: true });
  }, 600_000);

  it("calls the calculator, then prints the answer as text and exits 0", async () => {
    const cwd = temporaryFolder("flywheel-agent-local-");
    const env = { FLYWHEEL_HOME: modelHome, FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    const run = await runCli(["agent", "What is 37 * 91?", "--tools", "calculator", "--model", "local:default"], { cwd, env, timeoutMs: 540_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/→ calculator \{"expression":"37 ?\* ?91"\}\n {2}← calculator: 3367\n/);
    expect(run.stderr).toMatch(/^final-answer · 2 model calls · 1 tool calls · /m);
    expect(run.stdout).toContain("3367");
    // The answer is text: no action JSON of the protocol leaks into it.
    expect(run.stdout).not.toMatch(/"tool"|"answer"|final_answer/);
  }, 600_000);
});
