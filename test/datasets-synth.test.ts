import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importDataset, readDatasetRows, synthesizeDataset } from "../src/datasets/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

let server: ProtocolServer;
const open: Flywheel[] = [];
useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});

const seedReviews = sentimentReviews(8);
const fresh = ["The ferry crossing was calm and the crew was kind", "My new kettle leaks from the bottom after a week", "The library reopened with bright reading rooms", "The parcel came soaked and the book inside was ruined", "Our guide knew every corner of the old town", "The gym showers were cold every single morning"];
const schema = { type: "object", properties: { sentiment: { enum: ["positive", "negative"] } }, required: ["sentiment"], additionalProperties: false };

/** Writes the seed dataset's rows as OpenAI chat JSONL and returns the file. */
function writeSeed(folder: string): string {
  const file = path.join(folder, "seed.jsonl");
  writeFileSync(file, seedReviews.map((review) => JSON.stringify({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] })).join("\n"));
  return file;
}

/** The `openai:teacher` model writes two new examples a call, a copy of a seed example and one off the schema. */
function scriptTeacher(): void {
  server.script("teacher", (request) => {
    const call = request.callIndex;
    const batch = [
      { user: fresh[call * 2] ?? `extra review ${call}`, assistant: sentimentReply(call % 2 === 0 ? "positive" : "negative") },
      { user: fresh[call * 2 + 1] ?? `another review ${call}`, assistant: sentimentReply("negative") },
      { user: seedReviews[0]!.text, assistant: sentimentReply(seedReviews[0]!.label) },
      { user: "The soup was fine I guess", assistant: "neutral, probably" },
    ];
    return { text: JSON.stringify({ examples: batch }) };
  });
}

describe("datasets synth", () => {
  it("keeps valid, new examples from the teacher, drops off-schema replies and copies, and records teacher and prompt", async () => {
    const flywheel = await flywheelAgainst(server);
    open.push(flywheel);
    await importDataset(flywheel, { name: "seed", file: writeSeed(flywheel.folder), split: { fractions: { train: 1, validation: 0, test: 0 } } });
    scriptTeacher();
    const saved = await synthesizeDataset(flywheel, { name: "synth", from: "seed", count: 6, teacher: "openai:teacher", schema, split: { fractions: { train: 1, validation: 0, test: 0 } } });
    expect(saved.synthesis).toMatchObject({ calls: 3, kept: 6, rejected: { schema: 2, duplicateOfSeed: 2 } });
    const rows = await readDatasetRows(flywheel.store, saved.version);
    expect(rows.map((row) => row.messages[1]!.content).sort()).toEqual([...fresh].sort());
    expect(rows[0]!.messages[0]).toEqual({ role: "system", content: SENTIMENT_SYSTEM });
    expect(rows[0]!.metadata).toMatchObject({ source: "synth", teacher: "openai:teacher", seedDataset: "seed@1", prompt: { hash: expect.any(String) as unknown } });
    expect(saved.version.source).toMatchObject({ kind: "synth", from: "seed@1", teacher: "openai:teacher" });
  });

  it("runs from the CLI: reports each teacher call and what it kept and rejected, then the new version", async () => {
    const cwd = temporaryFolder("flywheel-synth-cli-");
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "synth-cli-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    writeSeed(cwd);
    writeFileSync(path.join(cwd, "schema.json"), JSON.stringify(schema));
    expect((await runCli(["datasets", "import", "seed", "seed.jsonl", "--split", "1,0,0"], { cwd, env })).code).toBe(0);
    scriptTeacher();
    const result = await runCli(["datasets", "synth", "synth", "--from", "seed", "--n", "6", "--teacher", "openai:teacher", "--schema", "schema.json", "--split", "1,0,0"], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("teacher call 1: 2 kept, 2 rejected");
    expect(result.stdout).toMatch(/^synth@1: 6 rows \(train 6, validation 0, test 0\), sha256 [0-9a-f]{12}$/m);
    expect(result.stdout).toContain("teacher       openai:teacher: 3 calls, 10 generated, 6 kept; rejected 0 invalid, 2 off-schema, 2 copies of the seed, 0 duplicates");
    expect(result.stdout).toContain('    "The soup was fine I guess": the reply is not JSON\n');
    const teacherCalls = server.requests.filter((request) => (request.body as { model?: string }).model === "teacher");
    expect(teacherCalls).toHaveLength(3);
    const missingSchema = await runCli(["datasets", "synth", "synth", "--from", "seed", "--n", "6", "--teacher", "openai:teacher", "--schema", "nope.json"], { cwd, env });
    expect(missingSchema.code).toBe(2);
    expect(missingSchema.stderr).toBe('error: cannot read the JSON schema "nope.json"\nhint: pass a JSON file\n');
  });
});
