import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { openStore } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { startUiProcess } from "./support/ui-process.js";
import type { UiProcess } from "./support/ui-process.js";

const example = path.join(import.meta.dirname, "..", "examples", "experiments");
let upstream: ProtocolServer;
let ui: UiProcess;
let folder: string;

beforeAll(async () => {
  upstream = await startProtocolServer();
  folder = temporaryFolder();
  cpSync(example, folder, { recursive: true });
  // The example runs on whatever model its config names; here, the protocol server's.
  const config = path.join(folder, "flywheel.config.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("defaultModel: local:default", "defaultModel: openai:gpt-4o-mini"));
  ui = await startUiProcess({ cwd: folder, env: { OPENAI_BASE_URL: upstream.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", FLYWHEEL_HOME: path.join(folder, "home") } });
});
afterAll(async () => {
  await ui.stop();
  await upstream.close();
});

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "simulate-users.ts", ...args], { cwd: folder, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the experiments walk-through example", () => {
  it("serves two prompt versions to simulated users through experiment:greeting and leaves their traces with feedback", async () => {
    const result = await runScript([ui.url, "--users", "40", "--rates", "A=0,B=1"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // With true rates 0 and 1 the printed counts show which variant each user got and that every rating landed.
    const counts = Object.fromEntries([...result.stdout.matchAll(/^(A|B): (\d+) users, (\d+) rated good/gm)].map((match) => [match[1], { users: Number(match[2]), good: Number(match[3]) }]));
    expect(counts.A!.users + counts.B!.users).toBe(40);
    expect(counts.A!.good).toBe(0);
    expect(counts.B!.good).toBe(counts.B!.users);
    await ui.stop();
    const config = await loadConfig({ cwd: folder, env: {} });
    const store = await openStore({ url: config.storeUrl });
    try {
      const samples = await store.experiments.samples("greeting");
      expect(samples).toHaveLength(40);
      expect(new Set(samples.map((sample) => sample.unit)).size).toBe(40);
      for (const sample of samples) expect(sample.feedback).toBe(sample.variant === "B" ? 1 : 0);
      expect(samples.filter((sample) => sample.variant === "A")).toHaveLength(counts.A!.users);
      expect((await store.prompts.versions("greeting")).map((version) => path.basename(version.file!)).sort()).toEqual(["greeting-warm.prompt.md", "greeting.prompt.md"]);
    } finally {
      await store.close();
    }
    const greetings = upstream.requests.map((request) => (request.body as { messages: { content: string }[] }).messages.at(-1)!.content);
    expect(greetings.filter((text) => text.startsWith("Give ") && text.includes("warm and personal welcome"))).toHaveLength(counts.B!.users);
  });
});
