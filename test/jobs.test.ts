import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createPgBossJobQueue, createStoreJobQueue, JobDetachedError } from "../src/jobs/index.js";
import type { JobQueue } from "../src/jobs/index.js";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/index.js";
import { deferred, within } from "./support/deferred.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { describeJobQueueConformance } from "./support/job-queue-conformance.js";
import type { QueuePair } from "./support/job-queue-conformance.js";
import { createPostgresDatabase } from "./support/postgres-server.js";

/** Fast heartbeats, so a queue sees another's worker as gone within a test. */
const fast = { heartbeatMs: 50, staleAfterMs: 300 };

/**
 * Two queues over two connections to one store, as two processes would see it; `close` closes
 * the queues (when they hold connections of their own), then the stores.
 */
async function queuePair(url: string, makeQueue: (store: Store) => JobQueue): Promise<QueuePair> {
  const stores = [await openStore({ url }), await openStore({ url })] as const;
  const [first, second] = stores.map(makeQueue) as [JobQueue, JobQueue];
  return {
    first,
    second,
    close: async () => {
      await first.close?.();
      await second.close?.();
      for (const store of stores) await store.close();
    },
  };
}

const pgBossOptions = (url: string) => ({ url, ...fast, leaseSeconds: 10, superviseSeconds: 1 });

describeJobQueueConformance("in-process queue over a libSQL file", () => queuePair(path.join(temporaryFolder(), "jobs.db"), (store) => createStoreJobQueue(store, fast)));

describeJobQueueConformance("in-process queue over PostgreSQL", async () => queuePair(await createPostgresDatabase(inject("postgresUrl")), (store) => createStoreJobQueue(store, fast)));

describeJobQueueConformance("pg-boss queue over PostgreSQL", async () => {
  const url = await createPostgresDatabase(inject("postgresUrl"));
  return queuePair(url, (store) => createPgBossJobQueue(store, pgBossOptions(url)));
});

describe("pg-boss queue", () => {
  it("stops its workers on close: a job one held is left resumable, and another process resumes it from its checkpoint", async () => {
    const url = await createPostgresDatabase(inject("postgresUrl"));
    const pair = await queuePair(url, (store) => createPgBossJobQueue(store, pgBossOptions(url)));
    const { first, second } = pair;
    try {
      const started = deferred();
      first.work(
        "closing",
        async (context) => {
          await context.checkpoint({ done: 1 });
          started.resolve();
          await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
          throw new JobDetachedError();
        },
        { pollMs: 30 },
      );
      const job = await second.enqueue("closing", {});
      await within(started.promise, 10_000, "the worker to start the job");
      await within(first.close!(), 5_000, "close() with a job in hand");
      expect((await second.get(job.jobId)).state).toBe("running");
      const resumed = await second.run(job.jobId, (context) => Promise.resolve({ from: context.job.checkpoint?.done ?? null }));
      expect(resumed).toMatchObject({ state: "succeeded", result: { from: 1 }, attempts: 2 });
    } finally {
      await pair.close();
    }
  });
});
