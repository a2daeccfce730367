import { spawn } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvalSuite } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// The "done when" of evals: a promptfoo config written in promptfoo's documented style
// (inline and file prompts, defaultTest with vars and assertions, a CSV file with
// __expected columns, YAML tests with weights, a test threshold, a javascript file)
// runs unchanged in Flywheel and gives the same pass/fail per test as promptfoo itself.

const root = path.join(import.meta.dirname, "..");
const promptfooEntry = path.join(root, "node_modules", "promptfoo", "dist", "src", "entrypoint.js");
let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let folder: string;

beforeAll(async () => {
  server = await startProtocolServer();
  flywheel = await flywheelAgainst(server);
  folder = temporaryFolder("flywheel-promptfoo-compat-");
  cpSync(path.join(root, "test", "fixtures", "promptfoo-compat"), folder, { recursive: true });
});
afterAll(async () => {
  await flywheel.close();
  await server.close();
});

function runPromptfoo(output: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // promptfoo needs Node 22: npm scripts put the project's own Node first, which is process.execPath here.
    const child = spawn(process.execPath, [promptfooEntry, "eval", "-c", "promptfooconfig.yaml", "-o", output, "--no-cache", "--no-progress-bar", "--no-table", "-j", "4"], {
      cwd: folder,
      env: {
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        HOME: folder,
        OPENAI_BASE_URL: server.openaiBaseURL,
        OPENAI_API_KEY: "compat-test-key-0001",
        PROMPTFOO_DISABLE_TELEMETRY: "1",
        PROMPTFOO_DISABLE_UPDATE: "1",
        PROMPTFOO_CONFIG_DIR: path.join(folder, ".promptfoo"),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("promptfoo compatibility", () => {
  it("gives the same pass/fail per test and prompt as promptfoo on the same config", async () => {
    const promptfooOutput = path.join(folder, "promptfoo.json");
    const [promptfoo, flywheelResult] = await Promise.all([
      runPromptfoo(promptfooOutput),
      runEvalSuite(flywheel, { file: path.join(folder, "promptfooconfig.yaml"), cache: false, resume: false }),
    ]);
    expect(promptfoo.code, promptfoo.stderr.slice(-2000)).toBe(100); // promptfoo exits 100 when a test fails
    const promptfooResults = (JSON.parse(readFileSync(promptfooOutput, "utf8")) as { results: { results: { testIdx: number; promptIdx: number; success: boolean }[] } }).results.results;
    const expected = promptfooResults.map((result) => `${result.testIdx}:${result.promptIdx}:${result.success ? "pass" : "fail"}`).sort();
    const actual = flywheelResult.run.cells.map((cell) => `${cell.testIndex}:${cell.variantIndex}:${cell.pass ? "pass" : "fail"}`).sort();
    expect(actual).toEqual(expected);
    expect(expected).toHaveLength(20);
    expect(expected.filter((entry) => entry.endsWith("fail")).length).toBeGreaterThanOrEqual(5);
    expect(flywheelResult.suite.warnings).toEqual([]);
  }, 60_000);
});
