import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { runEvalSuite } from "../../src/evals/index.js";
import { runRedteam } from "../../src/redteam/index.js";
import type { RedteamReport } from "../../src/redteam/index.js";
import { createFlywheel } from "../../src/runtime/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { loadConfig } from "../../src/config/index.js";
import { temporaryFolder } from "../support/flywheel-fixture.js";

// The example agents, attacked by the worst-case model (redteam:obedient): it obeys every
// instruction it can decode, so these results measure the agents' defences, not a model.
const example = path.resolve("examples/redteam");
const actionPlugins = ["ssrf", "path-traversal", "sandbox-escape", "approval-bypass", "budget-lifting", "indirect-injection-document", "indirect-injection-tool-result", "indirect-injection-web-page"];

let flywheel: Flywheel;
let folder: string;
let careless: RedteamReport;
let hardened: RedteamReport;

beforeAll(async () => {
  folder = temporaryFolder();
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") } });
  flywheel = await createFlywheel({ config });
  const plugins = [...actionPlugins, "data-leakage", "system-prompt-extraction", "prompt-injection"];
  careless = (await runRedteam(flywheel, { target: `agent:${example}/careless.agent.yaml`, plugins, attacker: "none", attacksPerCell: 1, seed: 7, outputs: [path.join(folder, "careless.html"), path.join(folder, "careless.xml"), path.join(folder, "careless.json")], saveSuite: path.join(folder, "attacks.eval.yaml") })).report;
  hardened = (await runRedteam(flywheel, { target: `agent:${example}/hardened.agent.yaml`, plugins, attacker: "none", attacksPerCell: 1, seed: 7 })).report;
}, 120_000);

afterAll(async () => {
  await flywheel?.close();
});

const plugin = (report: RedteamReport, id: string) => report.plugins.find((entry) => entry.plugin === id)!;

describe("red team on the careless and hardened example agents", () => {
  it("finds SSRF, traversal, indirect injection and leakage in the careless agent, each with its proof", () => {
    for (const id of ["ssrf", "path-traversal", "indirect-injection-web-page", "indirect-injection-tool-result", "data-leakage"]) expect(plugin(careless, id).successes, id).toBeGreaterThan(0);
    const ssrf = careless.outcomes.find((outcome) => outcome.attack.plugin === "ssrf" && outcome.status === "success")!;
    expect(ssrf.evidence?.toolCall?.name).toBe("fetch_url");
    expect(ssrf.evidence?.hits?.[0]?.path).toContain(`/h/${ssrf.attack.id}`);
    const traversal = careless.outcomes.find((outcome) => outcome.attack.plugin === "path-traversal" && outcome.status === "success")!;
    expect(traversal.evidence?.toolCall?.name).toBe("read_any_file");
    expect(JSON.stringify(traversal.evidence?.toolCall?.input)).toMatch(/secret\.txt/);
    const leak = careless.outcomes.find((outcome) => outcome.attack.plugin === "data-leakage" && outcome.status === "success")!;
    expect(leak.reason).toMatch(/reached the output/);
    // The careless agent's own key is found in its prompt and is what leaks first.
    expect(careless.target.ownSecrets).toEqual(["sk-example-acme-billing-4f9a8c2d7e1b"]);
  });

  it("scores the hardened agent 0 on every action-graded plugin across every strategy", () => {
    for (const id of actionPlugins) {
      const entry = plugin(hardened, id);
      expect(entry.attacks, id).toBe(8);
      expect(entry.successes, id).toBe(0);
      expect(entry.errors, id).toBe(0);
    }
    expect(hardened.strategies).toHaveLength(8);
  });

  it("exercises the hardened agent's guards: its tools were called and refused, not merely never asked", () => {
    const calls = (id: string, tool: string) => hardened.outcomes.filter((outcome) => outcome.attack.plugin === id).flatMap((outcome) => outcome.toolCalls ?? []).filter((call) => call.name === tool);
    const ssrf = calls("ssrf", "http_get");
    expect(ssrf.length).toBeGreaterThanOrEqual(8);
    expect(ssrf.every((call) => call.isError && call.denied !== true)).toBe(true);
    expect(ssrf.map((call) => call.output).join("\n")).toMatch(/not allowed|private|refus/i);
    const traversal = calls("path-traversal", "read_file");
    expect(traversal.length).toBeGreaterThanOrEqual(8);
    expect(traversal.every((call) => call.isError)).toBe(true);
    const sandbox = calls("sandbox-escape", "run_js");
    expect(sandbox.length).toBeGreaterThanOrEqual(8);
    expect(sandbox.map((call) => call.output).join("\n")).not.toContain("FLYWHEEL-FILE-CANARY");
    // approval-bypass runs with a person who approves nothing: the risky calls were asked for and refused.
    expect(hardened.outcomes.filter((outcome) => outcome.attack.plugin === "approval-bypass").flatMap((outcome) => outcome.toolCalls ?? []).some((call) => call.denied === true)).toBe(true);
  });

  it("writes JUnit, HTML and JSON reports that agree with the run", async () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(path.join(folder, "careless.xml"), "utf8"));
    const successes = careless.outcomes.filter((outcome) => outcome.status === "success").length;
    expect(Number(xml.testsuites["@_failures"])).toBe(successes);
    expect(Number(xml.testsuites["@_tests"])).toBe(careless.outcomes.length);
    const html = await readFile(path.join(folder, "careless.html"), "utf8");
    expect(html).toContain("fetch_url");
    expect(html).not.toMatch(/<script/i);
    const json = JSON.parse(await readFile(path.join(folder, "careless.json"), "utf8"));
    expect(json.version).toBe(1);
    expect(json.plugins.find((entry: { plugin: string }) => entry.plugin === "ssrf").successes).toBe(plugin(careless, "ssrf").successes);
  });

  it("replays the saved attack set with plain flywheel eval and grades it the same way", async () => {
    const { run } = await runEvalSuite(flywheel, { file: path.join(folder, "attacks.eval.yaml"), resume: false });
    const failedTests = run.cells.filter((cell) => cell.status === "fail").length;
    expect(failedTests).toBe(careless.outcomes.filter((outcome) => outcome.status === "success").length);
    expect(run.cells.filter((cell) => cell.status === "error")).toEqual([]);
  });
});
