import { z } from "zod";
import { CancelledError } from "../errors/index.js";
import { JobDetachedError } from "../jobs/index.js";
import type { JobContext } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { ingest } from "./ingest.js";
import type { IngestOptions, IngestProgress } from "./ingest.js";

/** The queue a worker process takes ingest jobs from. */
export const INGEST_QUEUE = "ingest";

/** What an ingest job carries: the options of `ingest`, with the folder relative inputs start from. */
export const ingestJobPayloadSchema = z
  .object({
    collection: z.string().min(1),
    inputs: z.array(z.string()).min(1),
    cwd: z.string().min(1),
    embeddingModel: z.string().optional(),
    chunkSize: z.number().int().positive().optional(),
    chunkOverlap: z.number().int().nonnegative().optional(),
    excludes: z.array(z.string()).optional(),
    vectorIndex: z.enum(["exact", "hnsw", "diskann"]).optional(),
    maxFileBytes: z.number().int().positive().optional(),
    allowPrivateNetwork: z.boolean().optional(),
  })
  .strict();

/** An ingest job's payload. */
export type IngestJobPayload = z.infer<typeof ingestJobPayloadSchema>;

/** Progress is written to the job at most this often. */
const PROGRESS_EVERY_MS = 250;

/**
 * Runs one ingest job claimed by any queue. Ingest is incremental and writes documents whole, a
 * batch per transaction, so a job resumed after its worker died skips what is already written:
 * the checkpoint only records how far the earlier run got. A stop that is not a cancel leaves
 * the job resumable.
 */
export async function runIngestHandler(flywheel: Flywheel, context: JobContext): Promise<Record<string, unknown>> {
  const payload = ingestJobPayloadSchema.parse(context.job.payload);
  if (context.job.checkpoint !== null) await context.event("resumed", context.job.checkpoint);
  let lastWrite = 0;
  let writing = Promise.resolve();
  const save = (progress: IngestProgress, force: boolean) => {
    if (!force && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = Date.now();
    writing = writing.then(async () => {
      await context.progress({ ...progress });
      await context.checkpoint({ documentsDone: progress.documentsDone, chunks: progress.chunks });
    });
  };
  let latest: IngestProgress | undefined;
  const options: IngestOptions = {
    ...payload,
    signal: context.signal,
    onProgress: (progress) => {
      latest = progress;
      save(progress, progress.documentsDone === progress.documentsTotal);
    },
    onWarning: (skip) => {
      writing = writing.then(() => context.event("skipped", { ...skip }));
    },
  };
  const summary = await ingest(flywheel, options);
  if (latest !== undefined) save(latest, true);
  await writing;
  if (summary.cancelled) throw context.cancelRequested() ? new CancelledError("the ingest") : new JobDetachedError();
  return { ...summary };
}
