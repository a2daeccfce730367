import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvalSuite } from "../src/evals/index.js";
import { embeddingInput, ingest } from "../src/rag/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { startServer } from "../src/server/index.js";
import type { EvalComparisonView, EvalRunSummaryView, EvalRunView, SearchView } from "../src/server/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// The workbench API past the browser's happy path: unknown ids, bad query parameters, a
// comparison of two runs, each search mode, and a collection that is gone.

let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let passing: string;
let regressed: string;

const notes = {
  "kiln.txt": "Fire the kiln slowly to cone six and let it cool overnight before opening the lid.",
  "bread.txt": "Sourdough bread rises best in a warm kitchen after an overnight ferment.",
  "bikes.txt": "Oil the bicycle chain after every wet ride so that it does not rust.",
};

/** A suite of two tests on `openai:gpt-4o-mini` (which echoes): the second asserts `second` as given. */
function writeSuite(name: string, second: string): string {
  const file = path.join(flywheel.folder, `${name}.yaml`);
  writeFileSync(file, `description: ${name}\nprompts: ["Echo {{word}}"]\nproviders: [openai:gpt-4o-mini]\ntests:\n  - vars: { word: alpha }\n    assert: [{ type: contains, value: alpha }]\n  - vars: { word: beta }\n    assert: [{ type: contains, value: ${second} }]\n`);
  return file;
}

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { config: { defaultEmbeddingModel: "openai:text-embedding-3-small" } });
  passing = (await runEvalSuite(flywheel, { file: writeSuite("passing", "beta"), cwd: flywheel.folder })).run.runId;
  regressed = (await runEvalSuite(flywheel, { file: writeSuite("regressed", "gamma"), cwd: flywheel.folder })).run.runId;
  const folder = path.join(flywheel.folder, "notes");
  mkdirSync(folder);
  for (const [name, text] of Object.entries(notes)) writeFileSync(path.join(folder, name), `${text}\n`);
  await ingest(flywheel, { collection: "notes", inputs: [folder], cwd: flywheel.folder });
  server = await startServer({ flywheel, port: 0, webRoot: flywheel.folder });
});
afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

interface ErrorBody {
  error: { code: string; message: string; hint?: string; type: string };
}

/** GETs a path and reads its JSON body. */
async function get<T>(route: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${route}`);
  expect(response.headers.get("content-type")).toContain("application/json");
  return { status: response.status, body: (await response.json()) as T };
}

describe("GET /api/health", () => {
  it("answers ok", async () => {
    expect(await get("/api/health")).toEqual({ status: 200, body: { ok: true } });
  });
});

describe("/api/evals", () => {
  it("lists the stored runs newest first, with their pass rates, and honours limit", async () => {
    const { status, body } = await get<{ runs: EvalRunSummaryView[] }>("/api/evals/runs");
    expect(status).toBe(200);
    expect(body.runs.map((run) => [run.id, run.suite, run.passRate, run.testCount, run.variants])).toEqual([
      [regressed, "regressed", 0.5, 2, ["openai:gpt-4o-mini"]],
      [passing, "passing", 1, 2, ["openai:gpt-4o-mini"]],
    ]);
    expect((await get<{ runs: EvalRunSummaryView[] }>("/api/evals/runs?limit=1")).body.runs.map((run) => run.id)).toEqual([regressed]);
  });

  it("answers 400 with a JSON error naming the parameter for bad query parameters", async () => {
    for (const [route, message] of [
      ["/api/evals/runs?limit=0", /^limit: /],
      ["/api/evals/runs?limit=many", /^limit: /],
      ["/api/evals/runs?sort=name", /^query: unknown parameter sort$/],
      [`/api/evals/compare?a=${passing}`, /^b: /],
      ["/api/evals/compare", /^(a|b): /],
    ] as const) {
      const { status, body } = await get<ErrorBody>(route);
      expect(status, route).toBe(400);
      expect(body.error.code, route).toBe("invalid-request");
      expect(body.error.message, route).toMatch(message);
    }
  });

  it("shows one run's matrix: its variants, tests and cells", async () => {
    const { status, body } = await get<EvalRunView>(`/api/evals/runs/${regressed}`);
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ id: regressed, status: "completed", passRate: 0.5 });
    expect(body.variants).toEqual([expect.objectContaining({ label: "openai:gpt-4o-mini", passRate: 0.5 })]);
    expect(body.tests.map((test) => test.vars)).toEqual([{ word: "alpha" }, { word: "beta" }]);
    expect(body.cells.map((cell) => [cell.testIndex, cell.pass, cell.output])).toEqual([
      [0, true, "You said: Echo alpha"],
      [1, false, "You said: Echo beta"],
    ]);
  });

  it("answers 404 with a JSON error and a hint for an unknown run, alone or in a comparison", async () => {
    for (const route of ["/api/evals/runs/ffffffffffff", `/api/evals/compare?a=${passing}&b=ffffffffffff`]) {
      const { status, body } = await get<ErrorBody>(route);
      expect(status, route).toBe(404);
      expect(body.error.code, route).toBe("not-found");
      expect(body.error.message, route).toContain('"ffffffffffff"');
      expect(body.error.hint, route).toMatch(/Evals page/);
    }
  });

  it("compares two runs: the variant's pass rate from A to B, and the cell that regressed", async () => {
    const { status, body } = await get<EvalComparisonView>(`/api/evals/compare?a=${passing}&b=${regressed}`);
    expect(status).toBe(200);
    expect([body.a.id, body.b.id]).toEqual([passing, regressed]);
    expect(body.variants).toEqual([expect.objectContaining({ label: "openai:gpt-4o-mini", tests: 2, a: { passRate: 1, meanScore: 1 }, b: { passRate: 0.5, meanScore: 0.5 }, improvements: 0, regressions: 1 })]);
    const changed = body.cells.filter((cell) => cell.a?.pass !== cell.b?.pass);
    expect(changed).toEqual([expect.objectContaining({ testIndex: 1, vars: { word: "beta" }, a: expect.objectContaining({ pass: true }) as unknown, b: expect.objectContaining({ pass: false }) as unknown })]);
  });
});

describe("/api/collections", () => {
  it("lists the collections with their ingest status", async () => {
    const { status, body } = await get<{ collections: { name: string; documentCount: number; chunkCount: number; embeddingModel: string }[] }>("/api/collections");
    expect(status).toBe(200);
    expect(body.collections).toEqual([expect.objectContaining({ name: "notes", documentCount: 3, chunkCount: 3, embeddingModel: "openai:text-embedding-3-small" })]);
  });

  it("searches in each mode, the chunk that matches the query first", async () => {
    const found = (await get<SearchView>("/api/collections/notes/search?query=sourdough&mode=bm25")).body.hits;
    expect(found.map((hit) => hit.source)).toEqual(["notes/bread.txt"]);
    // The test server embeds a text as a hash of it: a query that is what a chunk was embedded as finds that chunk by vector too.
    const query = encodeURIComponent(embeddingInput(found[0]!.title, found[0]!.headingPath, found[0]!.text));
    for (const mode of ["bm25", "vector", "hybrid"] as const) {
      const { status, body } = await get<SearchView>(`/api/collections/notes/search?query=${query}&mode=${mode}&k=2`);
      expect(status, mode).toBe(200);
      expect(body.mode, mode).toBe(mode);
      expect(body.collection, mode).toBe("notes");
      expect(body.hits.length, mode).toBeLessThanOrEqual(2);
      expect(body.hits[0], mode).toMatchObject({ source: "notes/bread.txt", text: notes["bread.txt"] });
    }
    const hybrid = (await get<SearchView>(`/api/collections/notes/search?query=${query}&mode=hybrid`)).body;
    expect(hybrid.hits[0]!.ranks).toEqual({ vector: 1, bm25: 1 });
  });

  it("answers 400 naming the parameter for a bad mode, k or query", async () => {
    for (const [route, message] of [
      ["/api/collections/notes/search?query=kiln&mode=fuzzy", /^mode: /],
      ["/api/collections/notes/search?query=kiln&k=0", /^k: /],
      ["/api/collections/notes/search?query=kiln&k=101", /^k: /],
      ["/api/collections/notes/search?query=", /^query: /],
      ["/api/collections/notes/search", /^query: /],
      ["/api/collections/notes/search?query=kiln&rerank=yes", /^query: unknown parameter rerank$/],
    ] as const) {
      const { status, body } = await get<ErrorBody>(route);
      expect(status, route).toBe(400);
      expect(body.error.code, route).toBe("invalid-request");
      expect(body.error.message, route).toMatch(message);
    }
  });

  it("answers 404 for a collection that was deleted, and no longer lists it", async () => {
    await ingest(flywheel, { collection: "scratch", inputs: [path.join(flywheel.folder, "notes")], cwd: flywheel.folder });
    expect((await get<SearchView>("/api/collections/scratch/search?query=kiln")).status).toBe(200);
    expect(await flywheel.store.collections.delete("scratch")).toBe(true);
    const { status, body } = await get<ErrorBody>("/api/collections/scratch/search?query=kiln");
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: "collection-not-found", message: 'no collection "scratch"; collections: notes' });
    expect(body.error.hint).toContain("flywheel ingest <path> --collection scratch");
    expect((await get<{ collections: { name: string }[] }>("/api/collections")).body.collections.map((collection) => collection.name)).toEqual(["notes"]);
  });
});
