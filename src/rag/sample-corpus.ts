import { fileURLToPath } from "node:url";
import type { Flywheel } from "../runtime/index.js";
import { ask } from "./answer.js";
import type { AskResult } from "./answer.js";
import { ingest } from "./ingest.js";
import type { IngestSummary } from "./ingest.js";

/** The bundled sample corpus: Flywheel's own README and retrieval guide, shipped with every install. */
export const sampleCorpusFiles = ["../../README.md", "../../docs/rag.md"].map((file) => fileURLToPath(new URL(file, import.meta.url)));

/** The sample question the quickstart asks of the sample corpus. */
export const sampleQuestion = "How does ingest treat a document that has not changed?";

/** Options for `askSampleCorpus`. */
export interface AskSampleCorpusOptions {
  /** Chat model (default: `defaultModel` in config). */
  model?: string;
  /** Embedding model (default: `rag.embeddingModel`, else `defaultEmbeddingModel`, in config). */
  embeddingModel?: string;
  /** Question (default: `sampleQuestion`). */
  question?: string;
  /** Collection to use (default `flywheel-sample`). */
  collection?: string;
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

/**
 * The RAG part of the quickstart: ingests the sample corpus (once; later runs find it unchanged)
 * and answers a question about it with citations, written by the chat model from the passages.
 */
export async function askSampleCorpus(flywheel: Flywheel, options: AskSampleCorpusOptions = {}): Promise<{ ingest: IngestSummary; answer: AskResult }> {
  const collection = options.collection ?? "flywheel-sample";
  const model = options.model ?? flywheel.config.defaultModel;
  const summary = await ingest(flywheel, {
    collection,
    inputs: sampleCorpusFiles,
    ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const answer = await ask(flywheel, {
    collection,
    question: options.question ?? sampleQuestion,
    // Three passages: enough for the question, short enough for a small model to stay on topic.
    k: 3,
    maxTokens: 120,
    model,
    ...(options.onText ? { onText: options.onText } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ingest: summary, answer };
}
