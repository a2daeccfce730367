import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importDataset, readDatasetRows, synthesizeDataset } from "../src/datasets/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

let server: ProtocolServer;
const open: Flywheel[] = [];
useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});

describe("datasets synth", () => {
  it("keeps valid, new examples from the teacher, drops off-schema replies and copies, and records teacher and prompt", async () => {
    const flywheel = await flywheelAgainst(server);
    open.push(flywheel);
    const seedReviews = sentimentReviews(8);
    const file = path.join(flywheel.folder, "seed.jsonl");
    writeFileSync(file, seedReviews.map((review) => JSON.stringify({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] })).join("\n"));
    await importDataset(flywheel, { name: "seed", file, split: { fractions: { train: 1, validation: 0, test: 0 } } });
    const fresh = ["The ferry crossing was calm and the crew was kind", "My new kettle leaks from the bottom after a week", "The library reopened with bright reading rooms", "The parcel came soaked and the book inside was ruined", "Our guide knew every corner of the old town", "The gym showers were cold every single morning"];
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
    const schema = { type: "object", properties: { sentiment: { enum: ["positive", "negative"] } }, required: ["sentiment"], additionalProperties: false };
    const saved = await synthesizeDataset(flywheel, { name: "synth", from: "seed", count: 6, teacher: "openai:teacher", schema, split: { fractions: { train: 1, validation: 0, test: 0 } } });
    expect(saved.synthesis).toMatchObject({ calls: 3, kept: 6, rejected: { schema: 2, duplicateOfSeed: 2 } });
    const rows = await readDatasetRows(flywheel.store, saved.version);
    expect(rows.map((row) => row.messages[1]!.content).sort()).toEqual([...fresh].sort());
    expect(rows[0]!.messages[0]).toEqual({ role: "system", content: SENTIMENT_SYSTEM });
    expect(rows[0]!.metadata).toMatchObject({ source: "synth", teacher: "openai:teacher", seedDataset: "seed@1", prompt: { hash: expect.any(String) as unknown } });
    expect(saved.version.source).toMatchObject({ kind: "synth", from: "seed@1", teacher: "openai:teacher" });
  });
});
