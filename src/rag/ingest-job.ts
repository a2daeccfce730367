import path from "node:path";
import { z } from "zod";
import type { JobContext } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { ingest } from "./ingest.js";
import type { IngestOptions } from "./ingest.js";

/** The queue of ingest jobs that a `flywheel worker` takes. */
export const INGEST_QUEUE = "ingest";

/** What an ingest job is asked to do: `ingest`'s options that can travel as JSON. */
export const ingestJobPayloadSchema = z.object({
  collection: z.string(),
  /** Absolute paths, globs or URLs: a worker on another machine needs the same paths (a shared checkout or volume). */
  inputs: z.array(z.string()).min(1),
  embeddingModel: z.string().optional(),
  chunkSize: z.number().int().optional(),
  chunkOverlap: z.number().int().optional(),
  excludes: z.array(z.string()).optional(),
  vectorIndex: z.enum(["exact", "hnsw", "diskann"]).optional(),
  maxFileBytes: z.number().int().optional(),
  allowPrivateNetwork: z.boolean().optional(),
  cwd: z.string(),
});

/** An ingest job's payload. */
export type IngestJobPayload = z.infer<typeof ingestJobPayloadSchema>;

/** The payload of an ingest to run elsewhere: relative paths made absolute against `cwd`. */
export function ingestJobPayload(options: Omit<IngestOptions, "signal" | "onProgress" | "onWarning" | "countTokens" | "batchSize" | "fetchTimeoutMs"> & { cwd: string }): IngestJobPayload {
  const inputs = options.inputs.map((input) => (/^https?:\/\//i.test(input) || path.isAbsolute(input) ? input : path.resolve(options.cwd, input)));
  return ingestJobPayloadSchema.parse({ ...options, inputs });
}

/**
 * Runs an ingest job (in a worker): progress goes to the job, skipped inputs become events.
 * Ingest is incremental, so a job resumed after its worker died skips what was written.
 */
export async function runIngestJob(flywheel: Flywheel, context: JobContext): Promise<Record<string, unknown>> {
  const payload = ingestJobPayloadSchema.parse(context.job.payload);
  const summary = await ingest(flywheel, {
    ...payload,
    signal: context.signal,
    onProgress: (progress) => void context.progress({ ...progress }).catch(() => undefined),
    onWarning: (skip) => void context.event("skipped", { ...skip }).catch(() => undefined),
  });
  return { ...summary };
}
