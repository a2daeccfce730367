import { z } from "zod";
import { agentsConfigSchema } from "./agents-schema.js";

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

/** The whole `flywheel.config.(yaml|ts)` file. Every key is optional. */
export const configFileSchema = z
  .object({
    /** Model used when a command is given no `--model`. */
    defaultModel: z.string().min(1).optional(),
    /** Embedding model used when none is named. */
    defaultEmbeddingModel: z.string().min(1).optional(),
    /** Provider settings by provider name; a new name adds an OpenAI-compatible server. */
    providers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "a lower-case provider name"), providerConfigSchema).optional(),
    /** Catalog entries by model id (`provider:model`), added to or overriding the built-in catalog. */
    models: z.record(z.string().regex(/^[a-z][a-z0-9-]*:.+$/, "a model id like provider:model"), catalogEntrySchema).optional(),
    /** Response cache in the store (off by default). */
    cache: z
      .object({
        /** Serve repeated identical calls from the store. */
        enabled: z.boolean().optional(),
        /** Entries older than this are ignored. Unset: they never expire. */
        ttlSeconds: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Limits for every model request. */
    requests: z
      .object({
        /** Time limit for one attempt to get a response (the first token, when streaming). */
        timeoutMs: z.number().int().positive().optional(),
        /** Longest silence between two streamed chunks. */
        streamIdleTimeoutMs: z.number().int().positive().optional(),
        /** Retries after the first attempt, on 429, 5xx and network errors. */
        maxRetries: z.number().int().min(0).max(10).optional(),
        /** First backoff delay; doubles each retry, with jitter. */
        initialRetryDelayMs: z.number().int().min(0).optional(),
        /** Cap on the time spent across all attempts of one call. */
        maxTotalMs: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Tracing. */
    traces: z
      .object({
        /** Write spans to the store (default true). */
        enabled: z.boolean().optional(),
        /** Keep prompts and outputs in spans (default true). */
        captureContent: z.boolean().optional(),
        /** Also export spans over OTLP/HTTP to a collector. */
        otlp: z
          .object({
            /** Collector traces endpoint, e.g. `http://localhost:4318/v1/traces`. */
            endpoint: z.url(),
            /** Headers for the collector (e.g. an auth header). */
            headers: z.record(z.string(), z.string()).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** Dataset creation: cleaning thresholds and the split. */
    datasets: z
      .object({
        /** Rows at least this similar (estimated Jaccard of word 3-shingles) to an earlier row are removed (default 0.9). */
        nearDuplicateThreshold: z.number().min(0).max(1).optional(),
        /** Rows at least this similar always share a split (default 0.6). */
        groupThreshold: z.number().min(0).max(1).optional(),
        /** Seed of the train/validation/test split (default 42). */
        seed: z.number().int().optional(),
        /** Fractions of train, validation and test (default 0.8, 0.1, 0.1). */
        split: z.object({ train: z.number().min(0).max(1), validation: z.number().min(0).max(1), test: z.number().min(0).max(1) }).strict().optional(),
      })
      .strict()
      .optional(),
    /** Fine-tuning. */
    finetune: z
      .object({
        /** Python 3.10+ used to create the training venv (default: python3 on PATH). */
        python: z.string().min(1).optional(),
        /** CPU threads for local training (default: the free cores). */
        threads: z.number().int().positive().optional(),
        /** How often a hosted fine-tuning job is polled, in milliseconds (default 10000). */
        pollIntervalMs: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Agents: budgets, built-in tool settings, MCP servers. */
    agents: agentsConfigSchema.optional(),
    /** Retrieval (ingest, search, ask). Every key is optional. */
    rag: z
      .object({
        /** Embedding model for new collections (default: defaultEmbeddingModel). */
        embeddingModel: z.string().min(1).optional(),
        /** Most tokens in a chunk, counted with the embedding model's tokenizer (default 200). */
        chunkSize: z.number().int().min(16).max(8192).optional(),
        /** Tokens shared by neighbouring chunks (default 30). */
        chunkOverlap: z.number().int().min(0).max(4096).optional(),
        /** Default search mode (default hybrid). */
        mode: z.enum(["vector", "bm25", "hybrid"]).optional(),
        /** Default number of hits (default 5 for ask, 10 for search). */
        k: z.number().int().positive().max(1000).optional(),
        /** Reciprocal rank fusion weights of the two rankings in hybrid mode. */
        weights: z.object({ vector: z.number().nonnegative().optional(), bm25: z.number().nonnegative().optional() }).strict().optional(),
        /** The k constant of reciprocal rank fusion (default 60). */
        rrfK: z.number().positive().optional(),
        /** Vector search of new collections: exact (scan), hnsw (usearch index beside the store) or diskann (libSQL's index). */
        vectorIndex: z.enum(["exact", "hnsw", "diskann"]).optional(),
        /** Least cosine similarity for a passage to count as relevant to a question (default 0.3). */
        minScore: z.number().min(-1).max(1).optional(),
        /** A prompt file that replaces the built-in grounded-answer prompt. */
        promptFile: z.string().min(1).optional(),
        /** Files larger than this are skipped (default 20 MB). */
        maxFileBytes: z.number().int().positive().optional(),
        /** Extra gitignore-style patterns to skip when walking folders. */
        exclude: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    /** Storage. */
    store: z
      .object({
        /** Database: a file path or `file:` URL for libSQL. `FLYWHEEL_DB` overrides it. */
        url: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The config file as written. */
export type ConfigFile = z.infer<typeof configFileSchema>;
/** One provider's settings. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
/** One catalog entry as written in config. */
export type CatalogEntryConfig = z.infer<typeof catalogEntrySchema>;
