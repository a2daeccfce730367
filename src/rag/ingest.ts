import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Flywheel } from "../runtime/index.js";
import type { CollectionCalibration, CollectionRecord, DocumentInput, DocumentState, VectorIndexKind } from "../store/index.js";
import { FlywheelAttributes, RagAttributes, withSpan } from "../traces/index.js";
import { calibrateCollection } from "./calibrate-collection.js";
import { chunkText } from "./chunking/chunk-text.js";
import type { TextChunk } from "./chunking/chunk-text.js";
import { embeddingInput, embedTexts } from "./embed-texts.js";
import { kindFor, loaders } from "./loaders/loader-registry.js";
import type { LoadedDocument } from "./loaders/loaded-document.js";
import { EmbeddingModelMismatchError, UnreadableDocumentError } from "./rag-errors.js";
import { ragSettings } from "./rag-settings.js";
import { readBeirCorpus } from "./sources/beir-corpus.js";
import { fetchUrl } from "./sources/fetch-url.js";
import { inScope, resolveInputs } from "./sources/resolve-inputs.js";
import { poorReadabilityShare } from "../models/index.js";
import type { TextReadability } from "../models/index.js";
import { estimateTokens } from "./token-counter.js";
import type { TokenCounter } from "./token-counter.js";

/** Options for `ingest`. */
export interface IngestOptions {
  /** Collection name; created on first use. */
  collection: string;
  /** Files, folders, globs, `corpus.jsonl` files and http(s) URLs. */
  inputs: string[];
  /** Embedding model for a new collection; an existing one must match (default: `rag.embeddingModel`, else `defaultEmbeddingModel`, in config). */
  embeddingModel?: string;
  /** Most tokens per chunk (default: `rag.chunkSize` in config). */
  chunkSize?: number;
  /** Tokens shared by neighbouring chunks (default: `rag.chunkOverlap` in config). */
  chunkOverlap?: number;
  /** The embedding model's token counter (default: the model's own tokenizer where its provider has it, else a WordPiece estimate). */
  countTokens?: TokenCounter;
  /** Extra gitignore-style patterns to skip in folders. */
  excludes?: string[];
  /** Vector search of a new collection (default: `rag.vectorIndex` in config). */
  vectorIndex?: VectorIndexKind;
  /** Language of a new collection's text, for full-text stemming (default: `rag.language` in config). */
  language?: string;
  /** Files and URL bodies over this many bytes are skipped (default: `rag.maxFileBytes` in config). */
  maxFileBytes?: number;
  /** Time limit per URL; a slower one is skipped and the rest ingested (default: `rag.fetchTimeoutMs` in config). */
  fetchTimeoutMs?: number;
  /** Let URLs reach loopback and private addresses; link-local and cloud metadata addresses stay refused. */
  allowPrivateNetwork?: boolean;
  /** Chunks embedded per call and documents written per transaction (default 64 chunks). */
  batchSize?: number;
  /** Folder that relative paths and source names start from (default: config cwd). */
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onWarning?: (warning: IngestSkip) => void;
}

/** Where an ingest stands. */
export interface IngestProgress {
  documentsDone: number;
  documentsTotal: number;
  chunks: number;
  chunksPerSecond: number;
}

/** A document that was skipped, and why. */
export interface IngestSkip {
  source: string;
  /** binary, too-large, too-deep, too-complex, bad-line, unreadable, encrypted, no-text, fetch-failed. */
  reason: string;
  message: string;
}

/** What an ingest did. */
export interface IngestSummary {
  collection: string;
  embeddingModel: string;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: IngestSkip[];
  /** Chunks written (embedded) in this run. */
  chunks: number;
  durationMs: number;
  chunksPerSecond: number;
  /** True when cancelled: whatever was written is whole, the rest was not started. */
  cancelled: boolean;
  /** The search calibration made after this ingest, when the collection was new or had changed enough to need one (see needsCalibration). */
  calibration?: CollectionCalibration;
  /** How much of a sample of this run's chunks the embedding model can read (also kept in the collection's settings), where its provider has the tokenizer. */
  readability?: TextReadability;
  /** Things the user should know: a chunk size cut to what the model reads, text the model cannot read, inputs the model truncated. */
  warnings: string[];
}

/** Chunks sampled per ingest to measure how readable the text is to the embedding model. */
const READABILITY_SAMPLE = 256;

interface Pending {
  document: LoadedDocument;
  chunks: TextChunk[];
  hash: string;
  existing: DocumentState | undefined;
}

/**
 * Loads, chunks, embeds and indexes documents into a collection. Incremental: a document whose
 * content hash (bytes plus chunk settings) is unchanged is skipped, a changed one re-chunked, and
 * one that is gone from a folder or glob given again is removed. Documents are written whole, a
 * batch per transaction, so a crash or Ctrl-C leaves every document either old or new, never half.
 */
export async function ingest(flywheel: Flywheel, options: IngestOptions): Promise<IngestSummary> {
  return withSpan(flywheel.tracing.tracer, "ingest", { kind: "ingest", attributes: { [RagAttributes.collection]: options.collection, [FlywheelAttributes.input]: options.inputs.join(" ") } }, async (span) => {
    const summary = await runIngest(flywheel, options);
    span.setAttributes({ [RagAttributes.chunks]: summary.chunks, [RagAttributes.skipped]: summary.skipped.length, [FlywheelAttributes.output]: `${summary.added} added, ${summary.updated} updated, ${summary.deleted} deleted` });
    return summary;
  });
}

async function runIngest(flywheel: Flywheel, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const settings = ragSettings(flywheel.config);
  const cwd = options.cwd ?? flywheel.config.cwd;
  const chunkSize = options.chunkSize ?? settings.chunkSize;
  const chunkOverlap = options.chunkOverlap ?? settings.chunkOverlap;
  const maxFileBytes = options.maxFileBytes ?? settings.maxFileBytes;
  // v2: sizes counted with the embedding model's own tokenizer, so chunks made by v1 are made again.
  const fingerprint = JSON.stringify({ v: 2, size: chunkSize, overlap: chunkOverlap });
  let collection = await flywheel.store.collections.get(options.collection);
  if (collection !== undefined && options.embeddingModel !== undefined && options.embeddingModel !== collection.embeddingModel) {
    throw new EmbeddingModelMismatchError({ collection: collection.name, stored: collection.embeddingModel, requested: options.embeddingModel });
  }
  const model = collection?.embeddingModel ?? options.embeddingModel ?? settings.embeddingModel;
  // Loaded with the first document that needs chunking: an ingest that finds nothing changed never loads the model.
  let counter: Promise<TokenCounter> | undefined;
  const countTokens = () => (counter ??= options.countTokens === undefined ? flywheel.models.tokenCounter(model, "document").then((own) => own ?? estimateTokens) : Promise.resolve(options.countTokens));
  const inputLimit = flywheel.models.info(model).contextWindow;
  const inputs = await resolveInputs(options.inputs, { cwd, excludes: [...settings.exclude, ...(options.excludes ?? [])] });
  const existing = new Map((collection === undefined ? [] : await flywheel.store.collections.documentStates(collection)).map((state) => [state.source, state]));
  const corpora = await Promise.all(inputs.corpora.map((corpus) => readBeirCorpus(corpus.path, corpus.source)));
  const summary: IngestSummary = { collection: options.collection, embeddingModel: model, added: 0, updated: 0, unchanged: 0, deleted: 0, skipped: [], chunks: 0, durationMs: 0, chunksPerSecond: 0, cancelled: false, warnings: [] };
  const warn = (message: string) => {
    if (!summary.warnings.includes(message)) summary.warnings.push(message);
  };
  // The configured size, cut to what the model reads beside its special tokens and document prefix.
  let fitted: number | undefined;
  const fittedChunkSize = (count: TokenCounter) => {
    if (fitted !== undefined) return fitted;
    fitted = inputLimit === undefined ? chunkSize : Math.min(chunkSize, inputLimit - count(""));
    if (fitted < chunkSize) warn(`chunk size ${chunkSize} is more than ${model} reads (${inputLimit} tokens, ${fitted} beside its special tokens and prefix): chunks were cut at ${fitted} tokens`);
    return fitted;
  };
  const sample: string[] = [];
  const total = inputs.files.length + inputs.urls.length + corpora.reduce((sum, corpus) => sum + corpus.length, 0);
  const seen = new Set<string>();
  let done = 0;
  let pending: Pending[] = [];
  const progress = () => {
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ documentsDone: done, documentsTotal: total, chunks: summary.chunks, chunksPerSecond: seconds > 0 ? summary.chunks / seconds : 0 });
  };
  const skip = (error: unknown, source: string) => {
    if (!UnreadableDocumentError.isInstance(error) || !(error instanceof UnreadableDocumentError)) throw error;
    const entry = { source, reason: error.reason, message: error.message };
    summary.skipped.push(entry);
    options.onWarning?.(entry);
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const count = await countTokens();
    // The title and headings above a chunk get what the model reads beyond the chunk size, so together they fit.
    const headerTokens = inputLimit === undefined ? undefined : { count, max: inputLimit - fittedChunkSize(count) };
    const texts = batch.flatMap((item) => item.chunks.map((chunk) => embeddingInput(item.document.title, chunk.headingPath, chunk.text, headerTokens)));
    const { vectors, warnings } = await embedTexts(flywheel, { model, texts, inputType: "document", signal: options.signal });
    warnings.forEach(warn);
    collection ??= await createCollection(flywheel, { name: options.collection, model, dimensions: vectors[0]?.length, vectorIndex: options.vectorIndex ?? settings.vectorIndex, language: options.language ?? settings.language, chunking: { chunkSize, chunkOverlap } });
    let index = 0;
    const documents: DocumentInput[] = batch.map((item) => ({
      source: item.document.source,
      title: item.document.title,
      kind: item.document.kind,
      contentHash: item.hash,
      metadata: item.document.metadata,
      chunks: item.chunks.map((chunk) => ({ ...chunk, embedding: vectors[index++]! })),
    }));
    options.signal?.throwIfAborted();
    await flywheel.store.collections.writeDocuments(collection, documents);
    for (const item of batch) {
      if (item.existing === undefined) summary.added++;
      else summary.updated++;
      summary.chunks += item.chunks.length;
    }
    progress();
  };
  const loadAndChunk = async (source: string, load: () => Promise<LoadedDocument>) => {
    try {
      const document = await load();
      const count = await countTokens();
      const chunks = await chunkText(document.segments, { chunkSize: fittedChunkSize(count), chunkOverlap, countTokens: count, format: document.format, ...(document.language ? { language: document.language } : {}) });
      for (const chunk of chunks.slice(0, READABILITY_SAMPLE - sample.length)) sample.push(chunk.text);
      return { document, chunks };
    } catch (error) {
      // A stack or string that one document outgrows is that document's problem, not the batch's.
      if (error instanceof RangeError) throw new UnreadableDocumentError({ source, reason: "too-complex", detail: `cannot be read (${error.message}), skipped`, cause: error });
      throw error;
    }
  };
  const consider = async (source: string, hashOf: () => Promise<string>, load: () => Promise<LoadedDocument>) => {
    options.signal?.throwIfAborted();
    seen.add(source);
    try {
      const hash = await hashOf();
      const previous = existing.get(source);
      if (previous?.contentHash === hash) {
        summary.unchanged++;
      } else {
        const { document, chunks } = await loadAndChunk(source, load);
        pending.push({ document, chunks, hash, existing: previous });
        if (pending.reduce((sum, item) => sum + Math.max(1, item.chunks.length), 0) >= (options.batchSize ?? 64)) await flush();
      }
    } catch (error) {
      skip(error, source);
    }
    done++;
    if (done % 16 === 0) progress();
  };

  try {
    for (const file of inputs.files) {
      let bytes: Uint8Array | undefined;
      const read = async () => (bytes ??= await readSmallFile(file.path, file.source, maxFileBytes));
      await consider(file.source, async () => sha256(fingerprint, kindFor(file.path), await read()), async () => loaders[kindFor(file.path)]!({ bytes: await read(), source: file.source, fileName: path.basename(file.path) }));
    }
    for (const corpus of corpora) {
      for (const entry of corpus) {
        if ("error" in entry) {
          skip(entry.error, entry.source);
          done++;
        } else await consider(entry.document.source, async () => sha256(fingerprint, "beir", entry.raw), async () => entry.document);
      }
    }
    for (const url of inputs.urls) {
      let fetched: Awaited<ReturnType<typeof fetchUrl>> | undefined;
      const get = async () =>
        (fetched ??= await fetchUrl(url, { maxBytes: maxFileBytes, timeoutMs: options.fetchTimeoutMs ?? settings.fetchTimeoutMs, allowPrivateNetwork: options.allowPrivateNetwork, signal: options.signal }));
      await consider(url, async () => sha256(fingerprint, "url", (await get()).bytes), async () => {
        const page = await get();
        const fileName = decodeURIComponent(new URL(page.url).pathname.split("/").pop() || new URL(page.url).hostname);
        return loaders[kindFor(fileName, page.contentType)]!({ bytes: page.bytes, source: url, fileName });
      });
    }
    await flush();
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    summary.cancelled = true;
  }
  if (!summary.cancelled && collection !== undefined) {
    const gone = [...existing.values()].filter((state) => !seen.has(state.source) && inScope(state.source, inputs.scopes));
    summary.deleted = await flywheel.store.collections.deleteDocuments(collection, gone.map((state) => state.id));
    // Bring a derived vector index up to date now, so the first search after ingest is fast.
    await flywheel.store.collections.refreshVectorIndex(collection);
    if (sample.length > 0) await recordReadability(flywheel, collection, sample, summary);
    if (await needsCalibration(flywheel, collection)) summary.calibration = await calibrateCollection(flywheel, collection, { signal: options.signal });
  }
  summary.durationMs = performance.now() - started;
  summary.chunksPerSecond = summary.chunks / Math.max(summary.durationMs / 1000, 1e-9);
  progress();
  return summary;
}

/** A collection changed by more than this share of its chunks since its calibration is calibrated again. */
const RECALIBRATE_CHANGE = 0.2;

/** Whether a collection has no calibration yet, or has grown or shrunk enough since its last one to need a new one. */
async function needsCalibration(flywheel: Flywheel, collection: CollectionRecord): Promise<boolean> {
  const calibrated = collection.calibration;
  if (calibrated === undefined) return true;
  const chunks = await flywheel.store.collections.chunkCount(collection);
  return Math.abs(chunks - calibrated.chunkCount) > RECALIBRATE_CHANGE * Math.max(calibrated.chunkCount, 1);
}

/** Measures how much of the sampled chunks the model can read, keeps it in the collection's settings, and warns when it is poor. */
async function recordReadability(flywheel: Flywheel, collection: CollectionRecord, sample: string[], summary: IngestSummary): Promise<void> {
  const readability = await flywheel.models.readability(collection.embeddingModel, sample);
  if (readability === undefined) return;
  summary.readability = readability;
  await flywheel.store.collections.updateSettings(collection, { ...collection.settings, readability });
  if (readability.unreadableShare >= poorReadabilityShare) {
    summary.warnings.push(
      `the embedding model ${collection.embeddingModel} cannot read ${Math.round(readability.unreadableShare * 100)}% of this text (unknown or letter-by-letter word pieces): ` +
        "vector search will be poor; search it with --mode bm25, or ingest it into a new collection with an --embedding-model that reads its language",
    );
  }
}

async function createCollection(
  flywheel: Flywheel,
  options: { name: string; model: string; dimensions: number | undefined; vectorIndex: VectorIndexKind; language: string; chunking: { chunkSize: number; chunkOverlap: number } },
): Promise<CollectionRecord> {
  const dimensions = options.dimensions ?? (await embedTexts(flywheel, { model: options.model, texts: ["dimension probe"], inputType: "document" })).vectors[0]!.length;
  return flywheel.store.collections.create({
    name: options.name,
    embeddingModel: options.model,
    dimensions,
    vectorIndex: options.vectorIndex,
    settings: { chunkSize: options.chunking.chunkSize, chunkOverlap: options.chunking.chunkOverlap, language: options.language },
  });
}

async function readSmallFile(file: string, source: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.size > maxBytes) throw new UnreadableDocumentError({ source, reason: "too-large", detail: `${info.size} bytes is over the ${maxBytes}-byte limit, skipped` });
    return await readFile(file);
  } catch (error) {
    if (UnreadableDocumentError.isInstance(error)) throw error;
    const code = (error as { code?: unknown }).code;
    throw new UnreadableDocumentError({ source, reason: "unreadable", detail: `cannot read (${typeof code === "string" ? code : String(error)}), skipped`, cause: error });
  }
}

function sha256(fingerprint: string, kind: string, content: Uint8Array | string): string {
  return createHash("sha256").update(fingerprint).update("\0").update(kind).update("\0").update(content).digest("hex");
}
