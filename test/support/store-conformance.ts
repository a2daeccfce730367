import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrations } from "../../src/store/index.js";
import type { DocumentInput, RadarItemRecord, Store } from "../../src/store/index.js";
import { experimentTrace, runTrace, spanRecord, newTraceId } from "./span-factory.js";

/**
 * The behaviour every Store implementation must show. Each implementation's test file
 * calls this with a function that opens a fresh, empty store.
 */
export function describeStoreConformance(label: string, openFresh: () => Promise<Store>): void {
  describe(`Store conformance: ${label}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await openFresh();
    });
    afterEach(async () => {
      await store.close();
    });

    it("applies every migration on open", async () => {
      const rows = await store.sql.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(rows.map((row) => Number(row.version))).toEqual(migrations.map((migration) => migration.version));
    });

    it("writes spans and folds them into one trace summary", async () => {
      const spans = runTrace({ model: "openai:gpt-4o-mini", startTime: 1_700_000_000_000, input: "hello", inputTokens: 12, outputTokens: 5, costUsd: 0.0001 });
      await store.traces.writeSpans(spans);
      const detail = await store.traces.getTrace(spans[0]!.traceId);
      expect(detail).toBeDefined();
      expect(detail!.spans).toHaveLength(2);
      expect(detail!.summary).toMatchObject({ name: "run", status: "ok", model: "openai:gpt-4o-mini", inputTokens: 12, outputTokens: 5, spanCount: 2 });
      expect(detail!.summary.costUsd).toBeCloseTo(0.0001, 10);
      expect(detail!.summary.inputPreview).toBe("hello");
      expect(detail!.spans.find((span) => span.kind === "model")!.parentSpanId).toBe(detail!.spans.find((span) => span.kind === "run")!.spanId);
    });

    it("keeps a trace 'running' until its root span arrives", async () => {
      const [child, root] = runTrace({ model: "openai:gpt-4o", startTime: 1_700_000_000_000, input: "q", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      await store.traces.writeSpans([child!]);
      expect((await store.traces.getTrace(child!.traceId))!.summary.status).toBe("running");
      await store.traces.writeSpans([{ ...root!, status: "cancelled" }]);
      expect((await store.traces.getTrace(child!.traceId))!.summary.status).toBe("cancelled");
    });

    it("prunes finished traces older than a cut with their spans and search rows, keeping running ones", async () => {
      const base = 1_700_000_000_000;
      const old = runTrace({ model: "m:x", startTime: base, input: "ancient needle", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      const [runningChild] = runTrace({ model: "m:x", startTime: base + 1, input: "still running needle", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      const recent = runTrace({ model: "m:x", startTime: base + 10_000, input: "recent needle", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      await store.traces.writeSpans([...old, runningChild!, ...recent]);
      expect(await store.traces.pruneTraces({ before: base + 5_000, dryRun: true })).toEqual({ traces: 1, spans: 2 });
      expect((await store.traces.listTraces()).traces).toHaveLength(3);
      expect(await store.traces.pruneTraces({ before: base + 5_000 })).toEqual({ traces: 1, spans: 2 });
      expect(await store.traces.getTrace(old[0]!.traceId)).toBeUndefined();
      expect((await store.traces.listTraces({ search: "needle" })).traces.map((trace) => trace.inputPreview)).toEqual(["recent needle"]);
      expect((await store.traces.listTraces()).traces.map((trace) => trace.status)).toEqual(["ok", "running"]);
      expect(await store.traces.pruneTraces({ before: base + 5_000 })).toEqual({ traces: 0, spans: 0 });
    });

    it("finds a trace by a unique id prefix", async () => {
      const spans = runTrace({ model: "m:x", startTime: 1, input: "q", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      await store.traces.writeSpans(spans);
      const detail = await store.traces.getTrace(spans[0]!.traceId.slice(0, 10));
      expect(detail?.summary.traceId).toBe(spans[0]!.traceId);
      expect(await store.traces.getTrace("ffffffffffffff")).toBeUndefined();
    });

    it("filters traces by model, status, time, cost and text, newest first", async () => {
      const base = 1_700_000_000_000;
      await store.traces.writeSpans([
        ...runTrace({ model: "openai:gpt-4o-mini", startTime: base, input: "alpha question", inputTokens: 10, outputTokens: 5, costUsd: 0.01 }),
        ...runTrace({ model: "anthropic:claude-haiku-4-5", startTime: base + 1000, input: "beta question", inputTokens: 10, outputTokens: 5, costUsd: 0.5 }),
        ...runTrace({ model: "openai:gpt-4o-mini", startTime: base + 2000, input: "gamma", inputTokens: 10, outputTokens: 5, costUsd: 0.02, status: "error" }),
      ]);
      const all = await store.traces.listTraces();
      expect(all.traces.map((trace) => trace.inputPreview)).toEqual(["gamma", "beta question", "alpha question"]);
      expect((await store.traces.listTraces({ model: "openai:gpt-4o-mini" })).traces).toHaveLength(2);
      expect((await store.traces.listTraces({ status: "error" })).traces.map((trace) => trace.inputPreview)).toEqual(["gamma"]);
      expect((await store.traces.listTraces({ since: base + 500 })).traces).toHaveLength(2);
      expect((await store.traces.listTraces({ minCostUsd: 0.1 })).traces.map((trace) => trace.inputPreview)).toEqual(["beta question"]);
      expect((await store.traces.listTraces({ search: "QUESTION" })).traces).toHaveLength(2);
      expect((await store.traces.listTraces({ search: "100%" })).traces).toHaveLength(0);
    });

    it("searches substrings of ids, names, inputs and outputs, treating the text as plain text", async () => {
      const base = 1_600_000_000_000;
      const first = runTrace({ model: "m:x", startTime: base, input: "Refund my invoice, please", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      const second = runTrace({ model: "m:x", startTime: base + 1, input: 'what is "NEAR" OR AND (x*) 100%?', inputTokens: 1, outputTokens: 1, costUsd: 0 });
      await store.traces.writeSpans([...first, ...second]);
      const found = async (search: string) => (await store.traces.listTraces({ search })).traces.map((trace) => trace.traceId);
      expect(await found("nvoic")).toEqual([first[0]!.traceId]);
      expect(await found("reply to refund")).toEqual([first[0]!.traceId]);
      expect(await found(first[0]!.traceId.slice(4, 16))).toEqual([first[0]!.traceId]);
      expect(await found('"NEAR" OR AND (x*)')).toEqual([second[0]!.traceId]);
      expect(await found("x*) 100%")).toEqual([second[0]!.traceId]);
      expect(await found("e,")).toEqual([first[0]!.traceId]);
      expect(await found("no such text")).toEqual([]);
      // A trace whose output arrives in a later batch is found by it; the old text is gone.
      const [root] = first;
      await store.traces.writeSpans([{ ...root!, spanId: "f".repeat(16), parentSpanId: null, attributes: { "flywheel.input": "Refund my invoice, please", "flywheel.output": "a credit note instead" } }]);
      expect(await found("credit note")).toEqual([first[0]!.traceId]);
      expect(await found("reply to refund")).toEqual([]);
    });

    it("pages through search results newest first, whichever way the search runs", async () => {
      const base = 1_500_000_000_000;
      const matching = Array.from({ length: 7 }, (_, index) => runTrace({ model: "m:x", startTime: base + index * 10, input: `shared phrase ${index}`, inputTokens: 1, outputTokens: 1, costUsd: 0 }));
      const others = Array.from({ length: 5 }, (_, index) => runTrace({ model: "m:x", startTime: base + index * 10 + 5, input: `other ${index}`, inputTokens: 1, outputTokens: 1, costUsd: 0 }));
      await store.traces.writeSpans([...matching.flat(), ...others.flat()]);
      for (const limit of [2, 3, 50]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.traces.listTraces({ search: "ED PHRA", limit, cursor, since: base, until: base + 1000 });
          seen.push(...page.traces.map((trace) => trace.traceId));
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        expect(seen, `limit ${limit}`).toEqual(matching.map((spans) => spans[0]!.traceId).reverse());
      }
    });

    it("counts traces, cost, latency and errors per time bucket, flooring each start into its bucket", async () => {
      const base = 1_700_000_000_000;
      await store.traces.writeSpans([
        ...runTrace({ model: "m:x", startTime: base - 1, input: "before the window", inputTokens: 1, outputTokens: 1, costUsd: 9 }),
        ...runTrace({ model: "m:x", startTime: base, input: "a", inputTokens: 1, outputTokens: 1, costUsd: 0.25 }),
        // 999.6 ms in: a rounding cast would put it in the second bucket.
        ...runTrace({ model: "m:x", startTime: base + 999.6, input: "b", inputTokens: 1, outputTokens: 1, costUsd: 0.5, status: "error" }),
        ...runTrace({ model: "m:x", startTime: base + 2500, input: "c", inputTokens: 1, outputTokens: 1, costUsd: 1 }),
      ]);
      const stats = await store.traces.stats({ since: base, until: base + 4000, buckets: 4 });
      expect(stats.bucketMs).toBe(1000);
      expect(stats.points.map((point) => ({ time: point.time, traces: point.traces, errors: point.errors }))).toEqual([
        { time: base, traces: 2, errors: 1 },
        { time: base + 2000, traces: 1, errors: 0 },
      ]);
      expect(stats.points[0]!.costUsd).toBeCloseTo(0.75, 10);
      expect(stats.points[0]!.avgLatencyMs).toBeGreaterThan(0);
    });

    it("counts model calls per model since a time, most called first", async () => {
      const base = 1_700_000_000_000;
      await store.traces.writeSpans([
        // Its model span starts 10 ms after the run: still before `base`.
        ...runTrace({ model: "m:old", startTime: base - 100, input: "before", inputTokens: 1, outputTokens: 1, costUsd: 0 }),
        ...runTrace({ model: "m:once", startTime: base - 5, input: "a", inputTokens: 1, outputTokens: 1, costUsd: 0 }),
        ...runTrace({ model: "m:twice", startTime: base + 1, input: "b", inputTokens: 1, outputTokens: 1, costUsd: 0 }),
        ...runTrace({ model: "m:twice", startTime: base + 2, input: "c", inputTokens: 1, outputTokens: 1, costUsd: 0 }),
      ]);
      // Each run trace holds one model span: the root run span is not a model call.
      expect(await store.traces.modelCallCounts(base)).toEqual([
        { model: "m:twice", calls: 2 },
        { model: "m:once", calls: 1 },
      ]);
    });

    it("finds radar items by cluster and cluster ids by prefix", async () => {
      const item = (id: string, clusterId: string, publishedAt: number) => ({
        id,
        sourceUrl: "https://feed.example/rss",
        sourceName: "Feed",
        url: `https://news.example/${id}`,
        canonicalUrl: `https://news.example/${id}`,
        title: id,
        text: "",
        publishedAt,
        fetchedAt: publishedAt,
        contentHash: id,
        clusterId,
      });
      await store.radar.addItems([item("late", "cluster-a1", 2), item("early", "cluster-a1", 1), item("other", "cluster-a2", 1), item("third", "cluster-b", 1)]);
      expect((await store.radar.itemsByCluster(["cluster-a1", "cluster-b"])).map((found) => found.id)).toEqual(["early", "third", "late"]);
      expect(await store.radar.clusterIdsWithPrefix("cluster-a", 5)).toEqual(["cluster-a1", "cluster-a2"]);
      expect(await store.radar.clusterIdsWithPrefix("cluster-a", 1)).toEqual(["cluster-a1"]);
      expect(await store.radar.clusterIdsWithPrefix("cluster-%", 5)).toEqual([]);
    });

    it("pages through traces with a cursor and no overlap", async () => {
      const spans = Array.from({ length: 25 }, (_, index) => spanRecord({ traceId: newTraceId(), startTime: 1_000 + Math.floor(index / 2) }));
      await store.traces.writeSpans(spans);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.traces.listTraces({ limit: 10, cursor });
        seen.push(...page.traces.map((trace) => trace.traceId));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    });

    it("caches values by key, honours a maximum age, and clears", async () => {
      await store.cache.set({ key: "k1", model: "openai:gpt-4o-mini", mode: "generate", value: { text: "hi" } });
      expect(await store.cache.get("k1")).toEqual({ text: "hi" });
      expect(await store.cache.get("k1", { maxAgeMs: -1 })).toBeUndefined();
      expect(await store.cache.get("missing")).toBeUndefined();
      await store.cache.set({ key: "k1", model: "openai:gpt-4o-mini", mode: "generate", value: { text: "new" } });
      expect(await store.cache.get("k1")).toEqual({ text: "new" });
      expect(await store.cache.clear({ model: "openai:gpt-4o-mini" })).toBe(1);
      expect(await store.cache.get("k1")).toBeUndefined();
    });

    it("keeps eval runs and their cells, resumable until finished", async () => {
      const run = { runId: "a1b2c3d4e5f60718", name: "suite", suiteFile: null, suiteHash: "h1", status: "running" as const, createdAt: 1_700_000_000_000, finishedAt: null, cellCount: 4, passed: 0, failed: 0, errors: 0, suite: { variants: [] }, summary: null };
      await store.evals.createRun(run);
      await store.evals.createRun({ ...run, runId: "ffff000011112222", suiteHash: "h2", createdAt: run.createdAt + 1 });
      const cell = (testIndex: number, variantIndex: number, status: "pass" | "fail" | "error") => ({ runId: run.runId, testIndex, variantIndex, repeatIndex: 0, status, score: status === "pass" ? 1 : 0, latencyMs: 12.5, costUsd: null, traceId: "t", createdAt: 1, result: { output: `o${testIndex}${variantIndex}` } });
      await store.evals.writeCells([cell(1, 0, "fail"), cell(0, 1, "pass"), cell(0, 0, "pass")]);
      await store.evals.writeCells([cell(1, 0, "pass")]);
      const cells = await store.evals.getCells(run.runId);
      expect(cells.map((item) => [item.testIndex, item.variantIndex, item.status])).toEqual([[0, 0, "pass"], [0, 1, "pass"], [1, 0, "pass"]]);
      expect(cells[0]).toMatchObject({ latencyMs: 12.5, costUsd: null, result: { output: "o00" } });
      expect((await store.evals.getCells(run.runId, { fromTest: 1, toTest: 2 })).map((item) => [item.testIndex, item.variantIndex])).toEqual([[1, 0]]);
      expect(await store.evals.countCells(run.runId)).toEqual({ pass: 3, fail: 0, error: 0 });
      expect(await store.evals.getSuite(run.runId)).toBeUndefined();
      await store.evals.saveSuite(run.runId, { tests: [{ index: 0 }] });
      await store.evals.saveSuite(run.runId, { tests: [{ index: 0 }, { index: 1 }] });
      expect(await store.evals.getSuite(run.runId)).toEqual({ tests: [{ index: 0 }, { index: 1 }] });
      expect((await store.evals.findResumableRun("h1"))?.runId).toBe(run.runId);
      await store.evals.finishRun(run.runId, { status: "completed", finishedAt: 5, passed: 3, failed: 0, errors: 0, summary: { ok: true } });
      expect(await store.evals.findResumableRun("h1")).toBeUndefined();
      expect(await store.evals.getRun("a1b2c3d4")).toMatchObject({ status: "completed", passed: 3, summary: { ok: true }, finishedAt: 5 });
      expect((await store.evals.listRuns()).map((item) => item.runId)).toEqual(["ffff000011112222", run.runId]);
      expect(await store.evals.getRun("000000000")).toBeUndefined();
    });

    it.each(["exact", "hnsw"] as const)("keeps collections: documents, chunks, vectors (%s search) and full text, replaced whole and searchable", async (vectorIndex) => {
      const collection = await store.collections.create({ name: "docs", embeddingModel: "m:e", dimensions: 3, vectorIndex, settings: { chunkSize: 10 } });
      const doc = (source: string, texts: [string, number[]][], metadata: Record<string, string> = {}): DocumentInput => ({
        source,
        title: source,
        kind: "markdown",
        contentHash: `h-${source}-${texts.length}`,
        metadata,
        chunks: texts.map(([text, vector]) => ({ text, headingPath: ["Top"], location: { lineStart: 1, lineEnd: 2 }, tokenCount: 3, embedding: Float32Array.from(vector) })),
      });
      await store.collections.writeDocuments(collection, [
        doc("a.md", [["kiln firing schedule", [1, 0, 0]], ["glaze recipes", [0, 1, 0]]], { lang: "en" }),
        doc("b.md", [["bread starter feeding", [0, 0, 1]]], { lang: "fr" }),
      ]);
      expect((await store.collections.list())[0]).toMatchObject({ name: "docs", documentCount: 2, chunkCount: 3, dimensions: 3 });
      const nearest = await store.collections.searchVectors(collection, { vector: Float32Array.from([0.9, 0.1, 0]), k: 2 });
      expect(nearest.map((hit) => hit.text)).toEqual(["kiln firing schedule", "glaze recipes"]);
      expect(nearest[0]).toMatchObject({ source: "a.md", headingPath: ["Top"], location: { lineStart: 1, lineEnd: 2 }, metadata: { lang: "en" } });
      expect(nearest[0]!.score).toBeGreaterThan(nearest[1]!.score);
      expect((await store.collections.searchText(collection, { terms: ["starter", 'x" OR "y'], k: 5 })).map((hit) => hit.source)).toEqual(["b.md"]);
      expect((await store.collections.searchText(collection, { terms: ["firing", "feeding"], k: 5, filter: { metadata: { lang: "fr" } } })).map((hit) => hit.source)).toEqual(["b.md"]);
      expect((await store.collections.searchVectors(collection, { vector: Float32Array.from([1, 0, 0]), k: 5, filter: { sources: ["b*"] } })).map((hit) => hit.source)).toEqual(["b.md"]);

      await store.collections.writeDocuments(collection, [doc("a.md", [["new kiln text", [1, 0, 0]]])]);
      expect(await store.collections.chunkCount(collection)).toBe(2);
      expect(await store.collections.searchText(collection, { terms: ["glaze"], k: 5 })).toEqual([]);
      expect((await store.collections.searchVectors(collection, { vector: Float32Array.from([1, 0, 0]), k: 5 })).map((hit) => hit.text)).toEqual(["new kiln text", "bread starter feeding"]);
      await expect(store.collections.writeDocuments(collection, [doc("c.md", [["ok", [1, 0, 0]]]), doc("d.md", [["bad", [1, 0]]])])).rejects.toThrow("2 dimensions");
      expect((await store.collections.documentStates(collection)).map((state) => state.source).sort()).toEqual(["a.md", "b.md"]);
      const [b] = (await store.collections.documentStates(collection)).filter((state) => state.source === "b.md");
      expect(await store.collections.deleteDocuments(collection, [b!.id])).toBe(1);
      expect(await store.collections.searchText(collection, { terms: ["starter"], k: 5 })).toEqual([]);
      expect((await store.collections.searchVectors(collection, { vector: Float32Array.from([0, 0, 1]), k: 5 })).map((hit) => hit.source)).toEqual(["a.md"]);
      expect(await store.collections.delete("docs")).toBe(true);
      expect(await store.collections.get("docs")).toBeUndefined();
      expect(await store.collections.delete("docs")).toBe(false);
    });

    it("keeps a collection's calibration, clears it, and samples the same chunks evenly each time", async () => {
      const collection = await store.collections.create({ name: "calibrated", embeddingModel: "m:e", dimensions: 2, vectorIndex: "exact", settings: {} });
      expect((await store.collections.get("calibrated"))!.calibration).toBeUndefined();
      const chunks = Array.from({ length: 10 }, (_, index) => ({ text: `chunk ${index}`, headingPath: [], location: {}, tokenCount: 2, embedding: Float32Array.from([1, index]) }));
      await store.collections.writeDocuments(collection, [{ source: "a.md", title: "a", kind: "markdown", contentHash: "h", metadata: {}, chunks }]);
      const sample = await store.collections.sampleChunks(collection, 4);
      expect(sample.map((chunk) => chunk.text)).toEqual(["chunk 0", "chunk 2", "chunk 5", "chunk 7"]);
      expect(await store.collections.sampleChunks(collection, 4)).toEqual(sample);
      expect(await store.collections.sampleChunks(collection, 50)).toHaveLength(10);
      const calibration = {
        mode: "bm25" as const,
        scores: { vector: 0.05, bm25: 0.9, hybrid: 0.4 },
        sampleSize: 80,
        chunkCount: 10,
        reason: "vector search found 6% as many",
        seconds: 1.5,
        calibratedAt: 1_700_000_000_000,
      };
      await store.collections.setCalibration(collection, calibration);
      expect((await store.collections.get("calibrated"))!.calibration).toEqual(calibration);
      expect((await store.collections.list()).find((item) => item.name === "calibrated")!.calibration).toEqual(calibration);
      await store.collections.setCalibration(collection, undefined);
      expect((await store.collections.get("calibrated"))!.calibration).toBeUndefined();
      await store.collections.delete("calibrated");
    });

    it("keeps named API tokens by hash, refuses a taken name, revokes, and records writes by token", async () => {
      expect(await store.tokens.any()).toBe(false);
      expect(await store.tokens.create({ name: "ci", scope: "write", tokenHash: "a".repeat(64) }, 1000)).toBe(true);
      expect(await store.tokens.create({ name: "ci", scope: "read", tokenHash: "b".repeat(64) }, 2000)).toBe(false);
      expect(await store.tokens.create({ name: "viewer", scope: "read", tokenHash: "c".repeat(64) }, 3000)).toBe(true);
      expect(await store.tokens.find("a".repeat(64))).toEqual({ name: "ci", scope: "write", createdAt: 1000, revokedAt: null });
      expect(await store.tokens.find("b".repeat(64))).toBeUndefined();
      expect(await store.tokens.revoke("ci", 4000)).toBe(true);
      expect(await store.tokens.revoke("ci", 5000)).toBe(false);
      expect(await store.tokens.find("a".repeat(64))).toBeUndefined();
      expect((await store.tokens.list()).map((token) => [token.name, token.revokedAt])).toEqual([["ci", 4000], ["viewer", null]]);
      expect(await store.tokens.any()).toBe(true);
      await store.tokens.recordWrite({ at: 10, tokenName: "viewer", method: "POST", path: "/api/a", status: 403 });
      await store.tokens.recordWrite({ at: 20, tokenName: "ci", method: "DELETE", path: "/api/b", status: 200 });
      expect((await store.tokens.writes({ limit: 10 })).map((write) => write.path)).toEqual(["/api/b", "/api/a"]);
      expect(await store.tokens.writes({ tokenName: "viewer", limit: 10 })).toEqual([{ at: 10, tokenName: "viewer", method: "POST", path: "/api/a", status: 403 }]);
    });

    it("moves a topic's change mark when its rows change, and only that topic's", async () => {
      const before = await store.changes();
      const [child, root] = runTrace({ model: "m:x", startTime: 1_700_000_000_000, input: "q", inputTokens: 1, outputTokens: 1, costUsd: 0 });
      await store.traces.writeSpans([child!]);
      const running = await store.changes();
      expect(running).toEqual({ ...before, traces: expect.not.stringMatching(`^${before.traces}$`) as unknown });
      await store.traces.writeSpans([root!]);
      const finished = await store.changes();
      expect(finished.traces).not.toBe(running.traces);
      await store.feedback.add({ feedbackId: "f1", traceId: root!.traceId, spanId: null, score: 1, label: "good", correction: null, note: null, author: "a", createdAt: 5 });
      const judged = await store.changes();
      expect(judged).toEqual({ ...finished, feedback: expect.not.stringMatching(`^${finished.feedback}$`) as unknown });
      const run = { runId: "a1b2c3d4e5f60718", name: "suite", suiteFile: null, suiteHash: "h1", status: "running" as const, createdAt: 1, finishedAt: null, cellCount: 1, passed: 0, failed: 0, errors: 0, suite: {}, summary: null };
      await store.evals.createRun(run);
      const started = await store.changes();
      expect(started).toEqual({ ...judged, evals: expect.not.stringMatching(`^${judged.evals}$`) as unknown });
      await store.evals.finishRun(run.runId, { status: "completed", finishedAt: 2, passed: 0, failed: 0, errors: 0, summary: null });
      const evaluated = await store.changes();
      expect(evaluated.evals).not.toBe(started.evals);
      await store.radar.saveDigest({ id: "digest-1", createdAt: 3, body: {} });
      const digested = await store.changes();
      expect(digested).toEqual({ ...evaluated, radar: expect.not.stringMatching(`^${evaluated.radar}$`) as unknown });
      let radarMark = digested.radar;
      for (const change of [() => store.radar.markRead("c1", true, 10), () => store.radar.markRead("c1", false, 11), () => store.radar.setFeedback("c1", "useful", 12), () => store.radar.setFeedback("c1", "noise", 13)]) {
        await change();
        const changed = (await store.changes()).radar;
        expect(changed).not.toBe(radarMark);
        radarMark = changed;
      }
      expect(await store.changes()).toEqual(await store.changes());
    });

    it("rolls back a failed transaction", async () => {
      await expect(
        store.sql.transaction(async (tx) => {
          await tx.execute("INSERT INTO response_cache (cache_key, model, mode, created_at, value) VALUES (?, ?, ?, ?, ?)", ["t", "m", "generate", 1, "{}"]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.cache.get("t")).toBeUndefined();
    });

    it("knows which workers are alive and which queues they serve", async () => {
      await store.workers.announce({ workerId: "h:1:a", host: "h", pid: 1, queues: ["eval", "ingest"], concurrency: 2, startedAt: 1000 }, 1000);
      await store.workers.announce({ workerId: "h:2:b", host: "h", pid: 2, queues: ["finetune"], concurrency: 1, startedAt: 1000 }, 1000);
      await store.workers.beat("h:1:a", 5000);
      expect((await store.workers.live(2000)).map((worker) => worker.workerId)).toEqual(["h:1:a"]);
      expect(await store.workers.live(0, "finetune")).toMatchObject([{ workerId: "h:2:b", queues: ["finetune"], concurrency: 1, pid: 2 }]);
      await store.workers.stop("h:1:a", 6000);
      expect(await store.workers.live(0, "eval")).toEqual([]);
    });

    it("keeps several feedback entries per trace and returns the latest", async () => {
      const entry = { spanId: null, score: 1, label: "good" as const, correction: null, note: null, author: "ana" };
      await store.feedback.add({ ...entry, feedbackId: "f1", traceId: "t1", createdAt: 1 });
      await store.feedback.add({ ...entry, feedbackId: "f2", traceId: "t1", createdAt: 2, score: 0, label: "bad", correction: "better" });
      await store.feedback.add({ ...entry, feedbackId: "f3", traceId: "t2", createdAt: 3 });
      expect((await store.feedback.list({ traceId: "t1" })).map((item) => item.feedbackId)).toEqual(["f2", "f1"]);
      expect((await store.feedback.list({ label: "good" })).map((item) => item.feedbackId)).toEqual(["f3", "f1"]);
      const latest = await store.feedback.latestByTrace(["t1", "t2", "t3"]);
      expect(latest.get("t1")).toMatchObject({ feedbackId: "f2", correction: "better", score: 0 });
      expect(latest.has("t3")).toBe(false);
    });

    it("keeps an experiment's state: started once, shipped with a winner, stopped without one", async () => {
      expect(await store.experiments.state("tone")).toBeUndefined();
      expect(await store.experiments.start("tone", 100)).toEqual({ name: "tone", status: "running", winner: null, startedAt: 100, endedAt: null });
      expect((await store.experiments.start("tone", 200)).startedAt).toBe(100);
      await store.experiments.ship("tone", "b", 300);
      expect(await store.experiments.state("tone")).toEqual({ name: "tone", status: "shipped", winner: "b", startedAt: 100, endedAt: 300 });
      await store.experiments.stop("tone", 400);
      expect(await store.experiments.state("tone")).toEqual({ name: "tone", status: "stopped", winner: null, startedAt: 100, endedAt: 400 });
      await store.experiments.stop("length", 500);
      expect((await store.experiments.list()).map((state) => [state.name, state.status])).toEqual([["tone", "stopped"], ["length", "stopped"]]);
    });

    it("reads an experiment's finished calls with their latest feedback and check results, oldest first", async () => {
      const slow = experimentTrace({ experiment: "tone", variant: "b", unit: "u2", startTime: 2000, durationMs: 900, costUsd: 0.002, status: "error" });
      const fast = experimentTrace({ experiment: "tone", variant: "a", unit: "u1", startTime: 1000, durationMs: 250 });
      const other = experimentTrace({ experiment: "length", variant: "a", unit: "u1", startTime: 1500 });
      await store.traces.writeSpans([slow, fast, other]);
      const entry = { spanId: null, score: null, correction: null, note: null, author: "ana" };
      await store.feedback.add({ ...entry, feedbackId: "f1", traceId: fast.traceId, label: "bad", createdAt: 1 });
      await store.feedback.add({ ...entry, feedbackId: "f2", traceId: fast.traceId, label: "good", createdAt: 2 });
      await store.feedback.add({ ...entry, feedbackId: "f3", traceId: slow.traceId, label: null, score: 0.25, createdAt: 3 });
      const check = { promptName: null, promptHash: null, score: null, reason: null, costUsd: null, createdAt: 5 };
      await store.prompts.recordChecks([
        { ...check, spanId: fast.spanId, traceId: fast.traceId, checkName: "polite", status: "pass" },
        { ...check, spanId: fast.spanId, traceId: fast.traceId, checkName: "short", status: "error" },
        { ...check, spanId: slow.spanId, traceId: slow.traceId, checkName: "polite", status: "fail" },
      ]);
      const samples = await store.experiments.samples("tone");
      expect(samples).toEqual([
        { traceId: fast.traceId, variant: "a", unit: "u1", time: 1000, latencyMs: 250, costUsd: 0.001, error: false, feedback: 1, checks: { polite: true } },
        { traceId: slow.traceId, variant: "b", unit: "u2", time: 2000, latencyMs: 900, costUsd: 0.002, error: true, feedback: 0.25, checks: { polite: false } },
      ]);
      expect(await store.experiments.samples("unknown")).toEqual([]);
    });

    it("appends immutable dataset versions with their rows, numbered from 1", async () => {
      const version = (hash: string, rows: number) => ({
        dataset: "support",
        contentHash: hash,
        splits: { train: rows, validation: 0, test: 0 },
        source: { kind: "test" },
        report: {},
        rows: Array.from({ length: rows }, (_, index) => ({ split: "train", rowKey: `k${index}`, body: JSON.stringify({ index }) })),
        createdAt: rows,
      });
      expect((await store.datasets.appendVersion(version("h1", 450))).version).toBe(1);
      expect((await store.datasets.appendVersion(version("h2", 2))).version).toBe(2);
      expect((await store.datasets.getVersion("support"))!.contentHash).toBe("h2");
      expect((await store.datasets.getVersion("support", 1))!.rowCount).toBe(450);
      expect((await store.datasets.rows("support", 1, { limit: 2, offset: 448 })).map((row) => row.body)).toEqual(['{"index":448}', '{"index":449}']);
      expect((await store.datasets.listVersions("support")).map((item) => item.version)).toEqual([1, 2]);
      expect((await store.datasets.listDatasets()).map((item) => [item.dataset, item.version])).toEqual([["support", 2]]);
      expect(await store.datasets.getVersion("nothing")).toBeUndefined();
    });
    it("stores radar items once by id and finds them by id, content hash, time window and cluster", async () => {
      const radarItem = (id: string, overrides: Partial<RadarItemRecord> = {}): RadarItemRecord => ({
        id,
        sourceUrl: "https://feeds.example/rss",
        sourceName: "Example",
        url: `https://news.example/${id}`,
        canonicalUrl: `https://news.example/${id}`,
        title: `Story ${id}`,
        text: `Text of ${id}`,
        fetchedAt: 5_000,
        contentHash: `hash-${id}`,
        clusterId: `cluster-${id}`,
        ...overrides,
      });
      const radar = store.radar;
      expect(await radar.addItems([radarItem("a", { publishedAt: 1_000, guid: "g-a", titleVector: [0.5, -0.25] }), radarItem("b", { publishedAt: 3_000, contentHash: "hash-a" }), radarItem("c")])).toEqual(["a", "b", "c"]);
      expect(await radar.addItems([radarItem("a", { title: "changed" }), radarItem("d"), radarItem("d")])).toEqual(["d"]);
      const [a] = await radar.items(["a"]);
      expect(a).toEqual(radarItem("a", { publishedAt: 1_000, guid: "g-a", titleVector: [0.5, -0.25] }));
      expect(await radar.items([])).toEqual([]);
      expect((await radar.itemsByContentHash(["hash-a"])).map((item) => item.id).sort()).toEqual(["a", "b"]);
      // Published time when there is one, else fetch time; newest first.
      expect((await radar.recentItems({ since: 2_000 })).map((item) => item.id)).toEqual(["c", "d", "b"]);
      expect((await radar.recentItems({ since: 0, limit: 2 })).map((item) => item.id)).toEqual(["c", "d"]);
      await radar.assignClusters([{ itemId: "b", clusterId: "cluster-a" }, { itemId: "c", clusterId: "cluster-a" }]);
      expect((await radar.clusterItems(["cluster-a", "cluster-d"])).map((item) => item.id).sort()).toEqual(["a", "b", "c", "d"]);
      expect(await radar.clusterItems([])).toEqual([]);
      await radar.saveTitleVectors([{ itemId: "c", vector: [1, 0, 0.125] }]);
      expect((await radar.items(["c"]))[0]!.titleVector).toEqual([1, 0, 0.125]);
    });
  });
}
