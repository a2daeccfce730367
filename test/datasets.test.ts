import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addFeedback,
  createDatasetFromTraces,
  DatasetImportError,
  DatasetTooSmallError,
  diffDatasetVersions,
  exportDataset,
  exportFormats,
  importDataset,
  readDatasetRows,
  resolveDatasetVersion,
} from "../src/datasets/index.js";
import { loadConfig } from "../src/config/index.js";
import type { FlywheelConfig } from "../src/config/index.js";
import { registerSecret } from "../src/secrets/index.js";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/index.js";
import { FlywheelAttributes } from "../src/traces/index.js";
import { chatTrace } from "./support/chat-trace.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";

const CANARY_KEY = "sk-proj-CANARYdatasetKEY0123456789abcdef";
const CANARY_PLAIN = "canary-plain-secret-4242";

let folder: string;
let store: Store;
/** What the dataset functions need from a runtime: the store, and the config whose `datasets` section they apply. */
let runtime: { store: Store; config: FlywheelConfig };

beforeEach(async () => {
  folder = temporaryFolder();
  store = await openStore({ url: path.join(folder, "flywheel.db") });
  runtime = { store, config: await loadConfig({ cwd: folder, env: {} }) };
});
afterEach(async () => {
  await store.close();
});

const reviews = ["the pasta was superb", "the phone died in a day", "lovely quiet hotel", "cold bitter coffee", "a gripping novel", "the concert was too loud", "fast friendly delivery", "the laptop overheats constantly", "a charming little bakery", "rude staff at the museum", "comfortable sofa for the price", "the camera lens scratched at once"];

async function seedTraces(): Promise<string[]> {
  const spans = reviews.flatMap((review, index) =>
    chatTrace({ system: "Classify the review.", user: review, reply: index % 3 === 0 ? "dunno" : "positive", startTime: 1_700_000_000_000 + index * 1000, rootAttributes: { [FlywheelAttributes.tags]: ["reviews"] } }),
  );
  await store.traces.writeSpans(spans);
  return spans.filter((span) => span.parentSpanId === null).map((span) => span.traceId);
}

describe("datasets from traces", () => {
  it("builds rows from model spans; a correction becomes the preferred output; feedback filters", async () => {
    const traceIds = await seedTraces();
    await addFeedback(store, { traceId: traceIds[0]!, label: "bad", correction: '{"sentiment": "positive"}', author: "ana" });
    await addFeedback(store, { traceId: traceIds[1]!, label: "good", author: "ana" });
    await addFeedback(store, { traceId: traceIds[2]!, label: "bad", author: "ana" });

    const all = await createDatasetFromTraces(runtime, { name: "reviews", selection: { tag: "reviews" }, split: { fractions: { train: 0.6, validation: 0.2, test: 0.2 } } });
    expect(all.version.version).toBe(1);
    expect(all.version.rowCount).toBe(12);
    expect(all.sourceReport.corrected).toBe(1);
    const rows = await readDatasetRows(store, all.version);
    const corrected = rows.find((row) => row.metadata?.traceId === traceIds[0]);
    expect(corrected!.messages).toEqual([
      { role: "system", content: "Classify the review." },
      { role: "user", content: reviews[0] },
      { role: "assistant", content: '{"sentiment": "positive"}' },
    ]);
    expect(all.version.splits.test).toBeGreaterThan(0);

    const good = await createDatasetFromTraces(runtime, { name: "good", selection: { feedback: "good" }, split: { fractions: { train: 1, validation: 0, test: 0 } } });
    expect((await readDatasetRows(store, good.version)).map((row) => row.metadata?.traceId).sort()).toEqual([traceIds[0], traceIds[1]].sort());
    const none = createDatasetFromTraces(runtime, { name: "none", selection: { tag: "other" } });
    await expect(none).rejects.toThrow(/no rows for the dataset/);
  });

  it("adds a version only when the content changed, and diffs versions", async () => {
    const traceIds = await seedTraces();
    const first = await createDatasetFromTraces(runtime, { name: "reviews" });
    const again = await createDatasetFromTraces(runtime, { name: "reviews" });
    expect(again.unchanged).toBe(true);
    expect(again.version.version).toBe(1);
    await addFeedback(store, { traceId: traceIds[3]!, correction: '{"sentiment": "negative"}' });
    const second = await createDatasetFromTraces(runtime, { name: "reviews" });
    expect(second.version.version).toBe(2);
    expect(second.version.contentHash).not.toBe(first.version.contentHash);
    const diff = await diffDatasetVersions(store, "reviews@1", "reviews@2");
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.samples.added).toEqual([reviews[3]]);
  });

  it("leaves no version behind when a create fails", async () => {
    await store.traces.writeSpans(chatTrace({ user: "only one", reply: "row" }));
    await expect(createDatasetFromTraces(runtime, { name: "tiny" })).rejects.toBeInstanceOf(DatasetTooSmallError);
    expect(await store.datasets.listVersions("tiny")).toEqual([]);
  });

  it("never lets a planted key or personal data from a trace reach a dataset row or an export", async () => {
    await store.traces.writeSpans([
      ...chatTrace({ user: `my key is ${CANARY_KEY}, mail me at jo@example.com`, reply: `stored ${CANARY_PLAIN} for you` }),
      ...chatTrace({ user: "call +44 20 7946 0958 about card 5500 0000 0000 0004", reply: "done" }),
      ...chatTrace({ user: "hello there", reply: "hi" }),
    ]);
    // The store redacted the key-shaped canary as the trace was written; the plain one becomes
    // known only now (a key configured after the trace was stored), so the scrub must catch it.
    registerSecret(CANARY_PLAIN);
    const saved = await createDatasetFromTraces(runtime, { name: "secrets", split: { fractions: { train: 1, validation: 0, test: 0 } } });
    const cleaning = saved.steps.find((step) => step.step === "pii-scrub")!;
    expect(cleaning.details.replaced).toEqual({ apiKey: 1, email: 1, cardNumber: 1, phone: 1 });
    const texts = (await readDatasetRows(store, saved.version)).map((row) => JSON.stringify(row)).join("\n");
    expect(texts).toContain("<API_KEY>");
    expect(texts).toContain("<EMAIL>");
    expect(texts).toContain("<CARD_NUMBER>");
    expect(texts).toContain("<PHONE>");
    const written: string[] = [];
    for (const format of exportFormats) {
      const file = path.join(folder, `export-${format}.jsonl`);
      expect((await exportDataset(store, { reference: "secrets", format, out: file })).rows).toBe(3);
      written.push(readFileSync(file, "utf8"));
    }
    const datasetRows = await store.sql.query("SELECT body FROM dataset_rows UNION ALL SELECT source || report FROM dataset_versions");
    for (const text of [...written, texts, JSON.stringify(datasetRows)]) {
      expect(text).not.toContain(CANARY_KEY);
      expect(text).not.toContain(CANARY_PLAIN);
      expect(text).not.toContain("jo@example.com");
    }
  });
});

describe("dataset import and export", () => {
  it("skips bad JSONL lines (reporting them) or fails whole with strict, storing nothing", async () => {
    const file = path.join(folder, "chat.jsonl");
    const good = (index: number) => JSON.stringify({ messages: [{ role: "user", content: `question number ${index} about topic ${index * 7}` }, { role: "assistant", content: `answer ${index}` }] });
    writeFileSync(file, [good(1), "{oops", good(2), good(3), good(4), good(5), good(6), good(7), good(8), good(9), good(10)].join("\n"));
    await expect(importDataset(runtime, { name: "chat", file, strict: true })).rejects.toSatisfy(
      (error: unknown) => error instanceof DatasetImportError && error.problems[0]!.startsWith("line 2: not valid JSON"),
    );
    expect(await store.datasets.listVersions("chat")).toEqual([]);
    const result = await importDataset(runtime, { name: "chat", file });
    expect(result.problems).toEqual([{ line: 2, reason: expect.stringMatching(/not valid JSON/) as unknown as string }]);
    expect(result.version.rowCount).toBe(10);
    const version = await resolveDatasetVersion(store, "chat@1");
    expect(version.splits.train + version.splits.validation + version.splits.test).toBe(10);
  });

  it("reads JSONL and CSV files that start with a UTF-8 byte-order mark", async () => {
    const jsonl = path.join(folder, "bom.jsonl");
    const good = (index: number) => JSON.stringify({ messages: [{ role: "user", content: `bom question ${index}` }, { role: "assistant", content: `bom answer ${index}` }] });
    writeFileSync(jsonl, `\uFEFF${Array.from({ length: 10 }, (_, index) => good(index)).join("\n")}\n`);
    const fromJsonl = await importDataset(runtime, { name: "bom-jsonl", file: jsonl, strict: true });
    expect(fromJsonl.version.rowCount).toBe(10);
    const csv = path.join(folder, "bom.csv");
    writeFileSync(csv, `\uFEFFquestion,answer\n${Array.from({ length: 10 }, (_, index) => `bom question ${index},bom answer ${index}`).join("\n")}\n`);
    const fromCsv = await importDataset(runtime, { name: "bom-csv", file: csv, strict: true });
    expect(fromCsv.version.rowCount).toBe(10);
  });

  it("exports every format with the conversation intact", async () => {
    const file = path.join(folder, "tool.jsonl");
    const rows = [1, 2, 3].map((index) =>
      JSON.stringify({
        messages: [
          { role: "system", content: "You are a weather bot." },
          { role: "user", content: `weather in city ${index}?` },
          { role: "assistant", content: "", tool_calls: [{ id: `c${index}`, type: "function", function: { name: "get_weather", arguments: `{"city":"c${index}"}` } }] },
          { role: "tool", tool_call_id: `c${index}`, content: "sunny" },
          { role: "assistant", content: `It is sunny in city ${index}.` },
        ],
      }),
    );
    writeFileSync(file, rows.join("\n"));
    await importDataset(runtime, { name: "weather", file, split: { fractions: { train: 1, validation: 0, test: 0 } } });
    const read = async (format: (typeof exportFormats)[number]) => {
      const out = path.join(folder, `${format}.jsonl`);
      await exportDataset(store, { reference: "weather@1", format, out });
      return JSON.parse(readFileSync(out, "utf8").split("\n")[0]!) as Record<string, unknown>;
    };
    expect((await read("openai")).messages).toHaveLength(5);
    expect(await read("anthropic")).toMatchObject({
      system: "You are a weather bot.",
      messages: [
        { role: "user" },
        { role: "assistant", content: [{ type: "tool_use", name: "get_weather", input: { city: expect.any(String) as unknown } }] },
        { role: "user", content: [{ type: "tool_result", content: "sunny" }] },
        { role: "assistant" },
      ],
    });
    expect(((await read("sharegpt")).conversations as { from: string }[]).map((turn) => turn.from)).toEqual(["system", "human", "function_call", "observation", "gpt"]);
    expect(await read("alpaca")).toMatchObject({ instruction: expect.stringMatching(/^weather in city/) as unknown, system: "You are a weather bot.", output: expect.stringMatching(/sunny/) as unknown });
  });
});
