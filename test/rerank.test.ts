// Reranking with real models: pointwise yes/no probabilities from the embedded local:tiny chat
// model, and the cross-encoder plumbing on an ONNX graph from the model cache (no cross-encoder
// weights are reachable, so a sentence-embedding graph stands in: its pooled output read as logits).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLocalProvider, freeCoreCount } from "../src/models/local/index.js";
import { pullModel } from "../src/models/model-store/index.js";
import { ingest, RerankUnavailableError, search } from "../src/rag/index.js";
import type { ConfigFile } from "../src/config/index.js";
import type { FlywheelError } from "../src/errors/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { RagAttributes } from "../src/traces/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { modelHome } from "./support/local-provider-handle.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

const local = createLocalProvider({ home: modelHome, threads: Math.min(2, freeCoreCount()), contextSize: 1024 });
const standIn = { model: path.join(modelHome, "models", "paraphrase-minilm-l3-v2", "model.onnx"), tokenizer: path.join(modelHome, "models", "paraphrase-minilm-l3-v2", "tokenizer.json"), output: "461" };
let server: ProtocolServer;
const open: Flywheel[] = [];

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});
afterAll(() => local.close());

/** A runtime whose collection embeddings come from the protocol server (BM25 is what these searches use). */
async function runtime(config: ConfigFile = {}): Promise<Flywheel & { folder: string }> {
  const created = await flywheelAgainst(server, { config: { defaultEmbeddingModel: "openai:text-embedding-3-small", defaultModel: "openai:gpt-4o-mini", ...config } });
  open.push(created);
  return created;
}

/** A collection of one-paragraph notes, all of which mention the query's words. */
async function notes(flywheel: Flywheel & { folder: string }): Promise<void> {
  const folder = path.join(flywheel.folder, "notes");
  mkdirSync(folder);
  writeFileSync(path.join(folder, "markets.md"), "# Markets\n\nThe stock market in France closed lower on Tuesday as bond yields rose; the capital markets were quiet.\n");
  writeFileSync(path.join(folder, "paris.md"), "# Paris\n\nParis is the capital of France and its largest city.\n");
  await ingest(flywheel, { collection: "notes", inputs: [folder], cwd: flywheel.folder });
}

describe("pointwise reranking with an embedded chat model", () => {
  it("scores an obviously relevant passage above an irrelevant one, as probabilities, reusing the query's prefix", async () => {
    const score = local.relevanceScorer("tiny");
    const france = await score({ query: "What is the capital of France?", passages: ["Bananas are a good source of potassium.", "Paris is the capital of France.", "The stock market closed lower on Tuesday.", "Paris is the capital and largest city of France."] });
    expect(france.scores).toHaveLength(4);
    for (const value of france.scores) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(france.scores[1]).toBeGreaterThan(france.scores[0]!);
    expect(france.scores[3]).toBeGreaterThan(france.scores[2]!);
    // Four prompts over the runtime's two sequences: the later ones evaluate only what follows the shared prefix.
    expect(france.evaluatedTokens).toBeLessThan(france.inputTokens);
    const bread = await score({ query: "how to bake sourdough bread", passages: ["The stock market closed lower on Tuesday as bond yields rose.", "To bake sourdough bread, mix starter, flour, water and salt, let it rise overnight, then bake it."] });
    expect(bread.scores[1]).toBeGreaterThan(bread.scores[0]!);
  }, 120_000);

  it("reorders search hits and records the method, order, scores and tokens on the rerank span", async () => {
    const flywheel = await runtime();
    await notes(flywheel);
    const plain = await search(flywheel, { collection: "notes", query: "capital of France", mode: "bm25", k: 2 });
    expect(plain.hits.map((hit) => hit.source)).toContain("notes/markets.md");
    const reranked = await search(flywheel, { collection: "notes", query: "What is the capital of France?", mode: "bm25", k: 2, rerankModel: "local:tiny", rerankMethod: "pointwise" });
    expect(reranked.hits.map((hit) => hit.source)).toEqual(["notes/paris.md", "notes/markets.md"]);

    await flywheel.tracing.flush();
    const { traces } = await flywheel.store.traces.listTraces();
    const spans = (await Promise.all(traces.map(async (trace) => (await flywheel.store.traces.getTrace(trace.traceId))!.spans))).flat();
    const span = spans.find((item) => item.name === "rerank")!;
    expect(span.attributes).toMatchObject({ [RagAttributes.rerankMethod]: "pointwise", [RagAttributes.candidates]: 2, "flywheel.model.id": "local:tiny" });
    const scores = String(span.attributes[RagAttributes.rerankScores]).split(",").map(Number);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(span.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(20);
  }, 120_000);

  it("rejects an unknown --rerank-method with a one-line error", async () => {
    const result = await runCli(["search", "capital", "--collection", "notes", "--rerank-method", "sideways"], { cwd: temporaryFolder() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected auto, pointwise, listwise or cross-encoder, got "sideways"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses pointwise on a hosted model, which gives no token probabilities, and names the way out", async () => {
    const flywheel = await runtime();
    await notes(flywheel);
    const failure = await search(flywheel, { collection: "notes", query: "capital of France", mode: "bm25", rerankModel: "openai:gpt-4o-mini", rerankMethod: "pointwise" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RerankUnavailableError);
    expect((failure as FlywheelError).code).toBe("rerank-method-unsupported");
    expect((failure as FlywheelError).hint).toMatch(/--rerank-method listwise/);
  });
});

describe("a user's own ONNX cross-encoder", () => {
  // The stand-in graph is pulled like any catalog model (once; instant when already in the store).
  beforeAll(async () => {
    await pullModel({ home: modelHome, source: "paraphrase-minilm-l3-v2" });
  }, 600_000);

  it("tokenizes (query, passage) pairs, batches them by length with padding that changes nothing, and scores in [0, 1]", async () => {
    const score = local.crossEncoder(standIn);
    const passages = Array.from({ length: 20 }, (_, index) => `passage ${index} ${"about bread and flour ".repeat(index % 7)}`.trim());
    const together = await score({ query: "how to bake bread", passages });
    const alone = await Promise.all(passages.slice(0, 5).map(async (passage) => (await score({ query: "how to bake bread", passages: [passage] })).scores[0]!));
    // Twenty pairs run as two padded batches of sixteen and four; each score matches the pair run alone.
    alone.forEach((value, index) => expect(together.scores[index]).toBeCloseTo(value, 5));
    for (const value of together.scores) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // The query is part of every input: another query gives other scores.
    const other = await score({ query: "stock market news", passages: passages.slice(0, 1) });
    expect(other.scores[0]).not.toBeCloseTo(together.scores[0]!, 6);
    expect(together.inputTokens).toBeGreaterThan(20 * 6);
  });

  it("reranks search hits by its scores when configured, and explains an unreadable file or a missing output", async () => {
    const flywheel = await runtime({ rag: { rerank: { method: "cross-encoder", crossEncoder: standIn } } });
    await notes(flywheel);
    const plain = await search(flywheel, { collection: "notes", query: "capital of France", mode: "bm25", k: 2, rerankMethod: "auto" });
    const reranked = await search(flywheel, { collection: "notes", query: "capital of France", mode: "bm25", k: 2 });
    const expected = await local.crossEncoder(standIn)({ query: "capital of France", passages: plain.hits.map((hit) => hit.text) });
    const best = expected.scores[0]! >= expected.scores[1]! ? plain.hits[0]! : plain.hits[1]!;
    expect(reranked.hits[0]!.chunkId).toBe(best.chunkId);

    const missing = await local.crossEncoder({ ...standIn, model: path.join(flywheel.folder, "nothing.onnx") })({ query: "q", passages: ["p"] }).catch((error: unknown) => error);
    expect((missing as FlywheelError).code).toBe("cross-encoder-unreadable");
    expect((missing as FlywheelError).hint).toMatch(/rag\.rerank\.crossEncoder\.model/);
    const wrongOutput = await local.crossEncoder({ ...standIn, output: "logits" })({ query: "q", passages: ["p"] }).catch((error: unknown) => error);
    expect((wrongOutput as FlywheelError).message).toMatch(/has no output "logits"; its outputs: .*461/);
  });
});
