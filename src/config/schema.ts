import { z } from "zod";
import { agentsConfigSchema } from "./agents-schema.js";
import { DURATION_PATTERN } from "./duration-ms.js";
import { experimentsConfigSchema } from "./experiments-schema.js";
import { promptsConfigSchema } from "./prompts-schema.js";
import { redteamConfigSchema } from "./redteam-schema.js";
import { radarConfigSchema } from "./radar-schema.js";

/** Settings of one provider: a built-in (`openai`, `anthropic`, `ollama`) or a named OpenAI-compatible server. */
export const providerConfigSchema = z
  .object({
    /** Wire protocol. Built-in names imply theirs; other names default to `openai-compatible`. */
    type: z.enum(["openai", "anthropic", "openai-compatible", "ollama"]).optional(),
    /** Base URL of the API, e.g. `http://localhost:8000/v1`. */
    baseURL: z.url().optional(),
    /** Name of the environment variable that holds the API key (preferred over `apiKey`). */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    /** The API key itself. Prefer `apiKeyEnv`: config files get committed. */
    apiKey: z.string().min(1).optional(),
    /** Extra HTTP headers sent with every request. */
    headers: z.record(z.string(), z.string()).optional(),
    /** OpenAI only: `chat` (chat completions, default, works with compatible servers) or `responses`. */
    api: z.enum(["chat", "responses"]).optional(),
  })
  .strict();

/** Catalog facts about one model, used for cost and context checks. */
export const catalogEntrySchema = z
  .object({
    /** Context window in tokens. */
    contextWindow: z.number().int().positive().optional(),
    /** Most output tokens the model produces in one call. */
    maxOutputTokens: z.number().int().positive().optional(),
    /** What the model supports. */
    capabilities: z
      .object({
        tools: z.boolean().optional(),
        json: z.boolean().optional(),
        vision: z.boolean().optional(),
        embeddings: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Price in US dollars per million tokens. */
    price: z
      .object({ input: z.number().nonnegative(), output: z.number().nonnegative().default(0) })
      .strict()
      .optional(),
  })
  .strict();

/** The `datasets` section: cleaning thresholds and the split of new dataset versions. */
export const datasetsConfigSchema = z
  .object({
    /** Rows at least this similar (estimated Jaccard of word 3-shingles) to an earlier row are removed (default 0.9). */
    nearDuplicateThreshold: z.number().min(0).max(1).default(0.9),
    /** Rows at least this similar always share a split (default 0.6). */
    groupThreshold: z.number().min(0).max(1).default(0.6),
    /** Seed of the train/validation/test split (default 42). */
    seed: z.number().int().default(42),
    /** Fractions of train, validation and test (default 0.8, 0.1, 0.1). */
    split: z
      .object({ train: z.number().min(0).max(1), validation: z.number().min(0).max(1), test: z.number().min(0).max(1) })
      .strict()
      .default(() => ({ train: 0.8, validation: 0.1, test: 0.1 })),
  })
  .strict();

/**
 * The `rag` section: retrieval for ingest, search and ask. The fusion defaults come from the
 * retrieval benchmark (README, "Retrieval quality"): with all-MiniLM-L6-v2 the dense ranking
 * is worth more than BM25, and a small fusion constant keeps its head (10, not the usual 60).
 */
export const ragConfigSchema = z
  .object({
    /** Embedding model for new collections (default: defaultEmbeddingModel). */
    embeddingModel: z.string().min(1).optional(),
    /** Most tokens in a chunk, counted with the embedding model's tokenizer (default 200). */
    chunkSize: z.number().int().min(16).max(8192).default(200),
    /** Tokens shared by neighbouring chunks (default 30). */
    chunkOverlap: z.number().int().min(0).max(4096).default(30),
    /**
     * Default search mode (default auto): `auto` uses each collection's calibration (the mode or
     * fusion weights measured on pseudo-queries drawn from it at ingest), and hybrid with the
     * weights below for a collection not calibrated; vector, bm25 or hybrid apply to every
     * collection.
     */
    mode: z.enum(["auto", "vector", "bm25", "hybrid"]).default("auto"),
    /** Default number of hits (unset: 5 for ask, 10 for search). */
    k: z.number().int().positive().max(1000).optional(),
    /** Reciprocal rank fusion weights of the two rankings in hybrid mode. */
    weights: z
      .object({
        /** Weight of the vector ranking (default 1). */
        vector: z.number().nonnegative().default(1),
        /** Weight of the BM25 ranking (default 0.5). */
        bm25: z.number().nonnegative().default(0.5),
      })
      .strict()
      .prefault({}),
    /** The k constant of reciprocal rank fusion (default 10). */
    rrfK: z.number().positive().default(10),
    /** Vector search of new collections: exact (scan, the default), hnsw (usearch beside libSQL, pgvector's HNSW on PostgreSQL) or diskann (libSQL's index). */
    vectorIndex: z.enum(["exact", "hnsw", "diskann"]).default("exact"),
    /**
     * Language of new collections' text, for full-text stemming (default english). On PostgreSQL
     * a text search configuration name (german, french, ...); an unknown or mixed language, or
     * `simple`, means no stemming. libSQL stems English only.
     */
    language: z.string().min(1).default("english"),
    /**
     * Least cosine similarity for a passage to count as relevant to a question (unset: the
     * embedding model's measured level, from the local catalog; 0.3 for a model without one).
     */
    minScore: z.number().min(-1).max(1).optional(),
    /** A prompt file that replaces the built-in grounded-answer prompt. */
    promptFile: z.string().min(1).optional(),
    /** Reranking of the first-stage candidates of search and ask (README, "Reranking"). */
    rerank: z
      .object({
        /** Chat model that reranks every search and ask; unset, only `--rerank <model>` turns reranking on. */
        model: z.string().min(1).optional(),
        /**
         * How to grade (default auto): `pointwise` asks an embedded chat model about each passage and
         * sorts by its probability of "yes"; `listwise` asks any chat model for the passages' order in
         * one call; `cross-encoder` runs `crossEncoder`; `auto` is pointwise for embedded models, listwise for hosted ones.
         */
        method: z.enum(["auto", "pointwise", "listwise", "cross-encoder"]).default("auto"),
        /** First-stage candidates given to the reranker (default 20); never fewer than the hits asked for. */
        candidates: z.number().int().min(2).max(200).default(20),
        /** Your own ONNX cross-encoder (a sequence-classification export), used by the `cross-encoder` method. */
        crossEncoder: z
          .object({
            /** Path of the ONNX graph. */
            model: z.string().min(1),
            /** Path of its Hugging Face tokenizer.json. */
            tokenizer: z.string().min(1),
            /** Longest (query, passage) pair in tokens, 512 unless set; the end of a longer passage is cut. */
            maxLength: z.number().int().min(8).max(8192).default(512),
            /** Name of the graph output that holds the logits; unset, its first output. */
            output: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Files larger than this are skipped (default 20,971,520 bytes: 20 MiB). */
    maxFileBytes: z.number().int().positive().default(20 * 1024 * 1024),
    /** Extra gitignore-style patterns to skip when walking folders (default none). */
    exclude: z.array(z.string()).default(() => []),
    /** Time limit per URL, redirects included; a URL that takes longer is skipped and the others are ingested (default 30,000 ms). */
    fetchTimeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

/** The whole `flywheel.config.(yaml|ts)` file. Every key is optional; defaults are applied here. */
export const configFileSchema = z
  .object({
    /** Model used when a command is given no `--model` (default local:default). */
    defaultModel: z.string().min(1).default("local:default"),
    /** Embedding model used when none is named (default local:embed). */
    defaultEmbeddingModel: z.string().min(1).default("local:embed"),
    /** Provider settings by provider name; a new name adds an OpenAI-compatible server. */
    providers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "a lower-case provider name"), providerConfigSchema).default(() => ({})),
    /** Catalog entries by model id (`provider:model`), added to or overriding the built-in catalog. */
    models: z.record(z.string().regex(/^[a-z][a-z0-9-]*:.+$/, "a model id like provider:model"), catalogEntrySchema).default(() => ({})),
    /** Response cache in the store. */
    cache: z
      .object({
        /** Serve repeated identical calls from the store (default false). */
        enabled: z.boolean().default(false),
        /** Entries older than this are ignored. Unset: they never expire. */
        ttlSeconds: z.number().int().positive().optional(),
      })
      .strict()
      .prefault({}),
    /** Limits for every model request. */
    requests: z
      .object({
        /** Time limit for one attempt to get a response, the first token when streaming (default 120,000 ms). */
        timeoutMs: z.number().int().positive().default(120_000),
        /** Longest silence between two streamed chunks (default 60,000 ms). */
        streamIdleTimeoutMs: z.number().int().positive().default(60_000),
        /** Retries after the first attempt, on 429, 5xx and network errors (default 3). */
        maxRetries: z.number().int().min(0).max(10).default(3),
        /** First backoff delay; doubles each retry, with jitter (default 500 ms). */
        initialRetryDelayMs: z.number().int().min(0).default(500),
        /** Cap on the time spent across all attempts of one call (default 300,000 ms). */
        maxTotalMs: z.number().int().positive().default(300_000),
      })
      .strict()
      .prefault({}),
    /** Tracing. */
    traces: z
      .object({
        /** Write spans to the store (default true). */
        enabled: z.boolean().default(true),
        /** Keep prompts and outputs in spans (default true). */
        captureContent: z.boolean().default(true),
        /** Delete finished traces older than this, e.g. `30d` (s, m, h, d or w); unset keeps them forever. Applied by `flywheel worker` and `traces prune`. */
        retention: z.string().regex(DURATION_PATTERN, "expected a span like 30d, 12h or 2w").optional(),
        /** Also export spans over OTLP/HTTP to a collector. */
        otlp: z
          .object({
            /** Collector traces endpoint, e.g. `http://localhost:4318/v1/traces`. */
            endpoint: z.url(),
            /** Headers for the collector (e.g. an auth header). */
            headers: z.record(z.string(), z.string()).default(() => ({})),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Dataset creation: cleaning thresholds and the split. */
    datasets: datasetsConfigSchema.prefault({}),
    /** Fine-tuning. */
    finetune: z
      .object({
        /** Python 3.10+ used to create the training venv (default: python3 on PATH; `FLYWHEEL_PYTHON` overrides it). */
        python: z.string().min(1).optional(),
        /** CPU threads for local training (default: the free cores). */
        threads: z.number().int().positive().optional(),
        /** How often a hosted fine-tuning job is polled, in milliseconds (default 10,000). */
        pollIntervalMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .prefault({}),
    /** Agents: budgets, built-in tool settings, MCP servers. */
    agents: agentsConfigSchema.prefault({}),
    /** Retrieval (ingest, search, ask). */
    rag: ragConfigSchema.prefault({}),
    /** The radar: new models, prices, papers and releases, ranked for this project. */
    radar: radarConfigSchema.prefault({}),
    /** Prompt files: where references find them, and the online checks run on their live outputs. */
    prompts: promptsConfigSchema.prefault({}),
    /** Defaults of `flywheel redteam`. */
    redteam: redteamConfigSchema.prefault({}),
    /** A/B experiments on prompts, models and parameters, by name. */
    experiments: experimentsConfigSchema.default(() => ({})),
    /** The workbench server (`flywheel ui`) and its OpenAI-compatible API. */
    server: z
      .object({
        /** Let a request pull a local model not yet in the store (default false: it gets a 409 whose hint names `flywheel models pull <id>`). */
        allowModelDownloads: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Long work (fine-tuning, distributed evals, ingest) and the worker processes that take it. */
    jobs: z
      .object({
        /** `auto` (default): pg-boss on a PostgreSQL store, the in-process queue on a libSQL file. */
        queue: z.enum(["auto", "local", "pg-boss"]).default("auto"),
        /** Seconds without a sign of life after which a worker's job is taken over by another (at least 10). */
        leaseSeconds: z.number().int().min(10).max(3600).default(60),
      })
      .strict()
      .prefault({}),
    /** Storage. */
    store: z
      .object({
        /** Database: a file path or `file:` URL for libSQL (default .flywheel/flywheel.db). `FLYWHEEL_DB` overrides it. */
        url: z.string().min(1).default(".flywheel/flywheel.db"),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The config file as written: every key optional. */
export type ConfigFile = z.input<typeof configFileSchema>;
/** The config file with every default applied. */
export type ConfigWithDefaults = z.output<typeof configFileSchema>;
/** One provider's settings. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
/** One catalog entry as written in config. */
export type CatalogEntryConfig = z.infer<typeof catalogEntrySchema>;
