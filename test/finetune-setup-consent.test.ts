import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../src/models/model-store/index.js";
import { cachedHome, fakeTrainingHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";
import { runCliInTerminal } from "./support/run-cli-in-terminal.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

/** A home with no training environment, a dataset to train on, and a Python that does not exist (so an install that starts fails at once). */
async function withoutEnvironment(): Promise<{ folder: string; home: string; env: Record<string, string> }> {
  const folder = temporaryFolder();
  const home = fakeTrainingHome({ installed: false });
  const env = { FLYWHEEL_HOME: home, NO_COLOR: "1", FLYWHEEL_PYTHON: path.join(folder, "no-such-python3") };
  const file = path.join(folder, "sentiment.jsonl");
  const rows = sentimentReviews(20).map((review) => ({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] }));
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n"));
  const imported = await runCli(["datasets", "import", "sentiment", file], { cwd: folder, env });
  expect(imported.code).toBe(0);
  return { folder, home, env };
}

const start = ["finetune", "start", "--dataset", "sentiment", "--base", "local:default"];

describe("installing the training environment asks first", () => {
  // The fake homes link to the cached base model.
  beforeAll(async () => {
    await resolveModel(cachedHome(), "default", { autoPull: true });
  }, 120_000);

  it("fails without a terminal, naming `flywheel finetune setup`, and installs and queues nothing", async () => {
    const { folder, home, env } = await withoutEnvironment();
    const result = await runCli(start, { cwd: folder, env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error: local fine-tuning needs a one-time install of PyTorch, transformers and peft \(about 5\.6 GB of disk\), and it is not installed\nhint: run `flywheel finetune setup` once, or pass --yes/);
    expect(existsSync(path.join(home, "finetune"))).toBe(false);
    const list = await runCli(["finetune", "list"], { cwd: folder, env });
    expect(list.stdout).not.toMatch(/sentiment@1/);
    const improve = await runCli(["improve", "--base", "local:default", "--gate", "delta>=0"], { cwd: folder, env });
    expect(improve.stderr).toContain("error: local fine-tuning needs a one-time install");
    expect(existsSync(path.join(home, "finetune"))).toBe(false);
  });

  it("starts the install with --yes", async () => {
    const { folder, env } = await withoutEnvironment();
    const result = await runCli([...start, "--yes"], { cwd: folder, env });
    expect(result.stderr).toContain(`error: cannot run "${env.FLYWHEEL_PYTHON}" to set up local fine-tuning`);
  });

  it("asks on a terminal: no (the default) installs nothing, yes starts the install", async () => {
    const { folder, home, env } = await withoutEnvironment();
    const declined = await runCliInTerminal(start, { cwd: folder, env, input: "\n" });
    expect(declined.output).toContain("Install now? (y/N)");
    expect(declined.output).toContain("hint: run `flywheel finetune setup` once");
    expect(declined.code).not.toBe(0);
    expect(existsSync(path.join(home, "finetune"))).toBe(false);
    const accepted = await runCliInTerminal(start, { cwd: folder, env, input: "y\n" });
    expect(accepted.output).toContain("Install now? (y/N)");
    expect(accepted.output).toContain(`cannot run "${env.FLYWHEEL_PYTHON}" to set up local fine-tuning`);
  });
});
