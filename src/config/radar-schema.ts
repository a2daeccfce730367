import { z } from "zod";
import { DURATION_PATTERN } from "./duration-ms.js";

const sourceSchema = z.union([
  z.url(),
  z
    .object({
      /** An RSS 2.0, Atom, RDF or JSON Feed URL. */
      url: z.url(),
      /** Shown in the digest instead of the feed's own title. */
      name: z.string().min(1).optional(),
    })
    .strict(),
]);

/** The radar: feeds and model lists watched, what the user cares about, and the evals a new model is tried on. */
export const radarConfigSchema = z
  .object({
    /** Feed URLs (RSS 2.0, Atom, RDF, JSON Feed): paper listings, changelogs, release feeds, blogs. */
    sources: z.array(sourceSchema).default(() => []),
    /** Watch the `/v1/models` lists of the configured providers and the catalog's prices (default true). */
    watchModels: z.boolean().default(true),
    /** Declared interests, weighed beside what the store shows of the user's own work. */
    topics: z.array(z.string().min(1)).default(() => []),
    /** Eval suite files run on every new model and on the model in use now. */
    evals: z.array(z.string().min(1)).default(() => []),
    /** The model a new one is compared with (default: the model most called in recent traces, else `models.defaultModel`). */
    baselineModel: z.string().regex(/^[a-z][a-z0-9-]*:.+$/, "a model id like provider:model").optional(),
    /** Most dollars one run spends on model-watch evals, both models together. */
    budgetUsd: z.number().nonnegative().default(1),
    /** Most cases per suite per model in a model-watch eval. */
    maxCases: z.number().int().positive().default(50),
    /** Clusters in a digest (default 10). */
    limit: z.number().int().positive().max(200).default(10),
    /** How far back a digest looks: a span like `7d` (the default) or `12h`. */
    since: z.string().regex(DURATION_PATTERN, "expected a span like 30d, 12h or 2w").default("7d"),
    /** The model that summarises digest entries (unset: `models.defaultModel`). */
    model: z.string().min(1).optional(),
    /** Host names a feed may be fetched from (unset: any public host). */
    allowHosts: z.array(z.string().min(1)).optional(),
    /** Private addresses or CIDR ranges feeds may resolve to (default none), as for the http_get tool. */
    allowPrivateAddresses: z.array(z.string().min(1)).default(() => []),
    /** How feeds are fetched. */
    fetch: z
      .object({
        /** Time limit per request, redirects included. */
        timeoutMs: z.number().int().positive().default(20_000),
        /** Largest feed body read; a larger one is reported and skipped. */
        maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
        /** Least time between two requests to the same host. */
        hostDelayMs: z.number().int().min(0).default(1000),
        /** Retries of a 429 or 5xx answer, with backoff. */
        maxRetries: z.number().int().min(0).max(10).default(3),
        /** Feeds fetched at once (different hosts). */
        concurrency: z.number().int().positive().max(64).default(8),
      })
      .strict()
      .prefault({}),
    /** POSTs each digest as Slack-style JSON (`{ text, blocks }`) to this URL. */
    webhook: z
      .object({
        url: z.url(),
        /** Extra headers; values may be `${ENV}` references. */
        headers: z.record(z.string(), z.string()).default(() => ({})),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The radar section with every default applied. */
export type RadarConfig = z.output<typeof radarConfigSchema>;
