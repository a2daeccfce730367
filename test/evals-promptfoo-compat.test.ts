import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { compareCells, runFlywheel, runPromptfoo } from "./support/promptfoo-compat.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// Every folder under test/fixtures/promptfoo-compat holds a promptfoo config written in
// promptfoo's documented style, exercising one feature (see the README in that folder).
// Each runs unchanged through promptfoo and through Flywheel against the same protocol
// server and must give the same verdict, score and rendered prompt for every cell.

const fixtures = path.join(import.meta.dirname, "fixtures", "promptfoo-compat");
const features = readdirSync(fixtures, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let folder: string;

beforeAll(async () => {
  server = await startProtocolServer();
  flywheel = await flywheelAgainst(server);
  folder = temporaryFolder("flywheel-promptfoo-compat-");
  cpSync(fixtures, folder, { recursive: true });
});
afterAll(async () => {
  await flywheel.close();
  await server.close();
});

describe("promptfoo compatibility", () => {
  it.each(features)("%s: the same verdict, score and rendered prompt per cell as promptfoo", async (feature) => {
    const options = { folder: path.join(folder, feature), env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "compat-test-key-0001" } };
    const [promptfoo, ours] = await Promise.all([runPromptfoo(options), runFlywheel(flywheel, options)]);
    expect(promptfoo.cells.length, promptfoo.messages.slice(-2000)).toBeGreaterThan(0);
    expect(compareCells(promptfoo, ours).differences).toEqual([]);
    // Named metric totals per column (columns are ordered differently by the two tools).
    const totals = (run: typeof ours) => run.columns.map((column) => JSON.stringify(Object.entries(column.namedScores).map(([name, value]) => [name, Number(value.toFixed(4))]).sort())).sort();
    expect(totals(ours)).toEqual(totals(promptfoo));
  }, 60_000);

  it("basics: a failing cell makes promptfoo exit 100, and Flywheel has nothing to warn about", async () => {
    const options = { folder: path.join(folder, "basics"), env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "compat-test-key-0001" } };
    const [promptfoo, ours] = await Promise.all([runPromptfoo(options), runFlywheel(flywheel, options)]);
    expect(promptfoo.code, promptfoo.messages.slice(-2000)).toBe(100);
    expect(promptfoo.cells).toHaveLength(20);
    expect(promptfoo.cells.filter((cell) => !cell.pass).length).toBeGreaterThanOrEqual(5);
    expect(ours.messages).toBe("");
  }, 60_000);
});
