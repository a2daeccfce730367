// `db copy` throughput: a libSQL store with 20k traces of 3 spans each, 200 feedback rows and a
// 2,000-chunk collection (384-dimension vectors and full text) copied into PostgreSQL and back,
// each way timed apart from its verification (which reads both sides once more).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { copyStore, openStore } from "../../dist/index.js";
import type { CopyReport } from "../../dist/index.js";
import { createPostgresDatabase, startPostgresServer } from "../../test/support/postgres-server.js";

const TRACES = 20_000;
const SPANS_PER_TRACE = 3;
const CHUNKS = 2_000;
const DIMENSIONS = 384;

/** Rows per second of `db copy` libSQL -> PostgreSQL and PostgreSQL -> libSQL. */
export async function dbCopyScale(): Promise<Record<string, unknown>> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-copy-scale-"));
  const source = path.join(folder, "source.db");
  await fill(source);
  const server = await startPostgresServer();
  try {
    const postgres = await createPostgresDatabase(server.url);
    const toPostgres = await copyStore({ from: source, to: postgres });
    const toLibsql = await copyStore({ from: postgres, to: path.join(folder, "back.db") });
    return { libsqlToPostgres: summary(toPostgres), postgresToLibsql: summary(toLibsql) };
  } finally {
    await server.stop();
  }
}

function summary(report: CopyReport): Record<string, number> {
  return {
    rows: report.rowsWritten,
    copySeconds: Math.round(report.copySeconds * 10) / 10,
    rowsPerSecond: Math.round(report.rowsWritten / report.copySeconds),
    verifySeconds: Math.round(report.verifySeconds * 10) / 10,
  };
}

async function fill(url: string): Promise<void> {
  const store = await openStore({ url });
  try {
    const start = Date.UTC(2026, 0, 1);
    for (let first = 0; first < TRACES; first += 500) {
      await store.traces.writeSpans(
        Array.from({ length: 500 }, (_, offset) => first + offset).flatMap((index) =>
          Array.from({ length: SPANS_PER_TRACE }, (_, span) => ({
            spanId: `span-${index}-${span}`,
            traceId: `trace-${index}`,
            parentSpanId: span === 0 ? null : `span-${index}-0`,
            name: span === 0 ? "run" : `chat openai:gpt-4o-mini`,
            kind: span === 0 ? "run" : "model",
            startTime: start + index * 1000 + span,
            endTime: start + index * 1000 + 500,
            durationMs: 500 - span,
            status: "ok" as const,
            statusMessage: null,
            provider: span === 0 ? null : "openai",
            model: "openai:gpt-4o-mini",
            inputTokens: span === 0 ? null : 120,
            outputTokens: span === 0 ? null : 40,
            costUsd: span === 0 ? null : 0.0001,
            attributes: { "flywheel.input": `question ${index} about invoices`, "flywheel.output": `answer ${index}` },
            events: [],
          })),
        ),
      );
    }
    for (let index = 0; index < 200; index += 1) {
      await store.feedback.add({ feedbackId: `feedback-${index}`, traceId: `trace-${index}`, spanId: null, score: null, label: "good", correction: null, note: null, author: "bench", createdAt: start + index });
    }
    const collection = await store.collections.create({ name: "bench", embeddingModel: "bench:embed", dimensions: DIMENSIONS, vectorIndex: "exact", settings: {} });
    const documents = Array.from({ length: CHUNKS / 10 }, (_, document) => ({
      source: `docs/${document}.md`,
      title: `Document ${document}`,
      kind: "markdown",
      contentHash: `hash-${document}`,
      metadata: {},
      chunks: Array.from({ length: 10 }, (_, chunk) => ({
        text: `Paragraph ${chunk} of document ${document}: invoices, refunds and the kiln schedule.`,
        headingPath: [`Document ${document}`],
        location: { lineStart: chunk + 1, lineEnd: chunk + 1 },
        tokenCount: 20,
        embedding: Float32Array.from({ length: DIMENSIONS }, (_, dimension) => Math.sin(document * 31 + chunk * 7 + dimension)),
      })),
    }));
    await store.collections.writeDocuments(collection, documents);
  } finally {
    await store.close();
  }
}
