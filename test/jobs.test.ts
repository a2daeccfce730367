import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { createPgBossJobQueue, createStoreJobQueue, JobDetachedError } from "../src/jobs/index.js";
import { openStore } from "../src/store/index.js";
import { deferred, within } from "./support/deferred.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { describeJobQueueConformance } from "./support/job-queue-conformance.js";
import { createPostgresDatabase } from "./support/postgres-server.js";

describeJobQueueConformance("in-process queue over a libSQL file", async () => {
  const file = path.join(temporaryFolder(), "jobs.db");
  // Two connections to one file: two processes sharing a store.
  const [a, b] = [await openStore({ url: file }), await openStore({ url: file })];
  const options = { heartbeatMs: 50, staleAfterMs: 300 };
  return {
    first: createStoreJobQueue(a, options),
    second: createStoreJobQueue(b, options),
    close: async () => {
      await a.close();
      await b.close();
    },
  };
});

describeJobQueueConformance("in-process queue over PostgreSQL", async () => {
  const url = await createPostgresDatabase(inject("postgresUrl"));
  const [a, b] = [await openStore({ url }), await openStore({ url })];
  const options = { heartbeatMs: 50, staleAfterMs: 300 };
  return {
    first: createStoreJobQueue(a, options),
    second: createStoreJobQueue(b, options),
    close: async () => {
      await a.close();
      await b.close();
    },
  };
});

describeJobQueueConformance("pg-boss queue over PostgreSQL", async () => {
  const url = await createPostgresDatabase(inject("postgresUrl"));
  const [a, b] = [await openStore({ url }), await openStore({ url })];
  const options = { url, heartbeatMs: 50, staleAfterMs: 300, leaseSeconds: 10, superviseSeconds: 1 };
  const [first, second] = [createPgBossJobQueue(a, options), createPgBossJobQueue(b, options)];
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      await a.close();
      await b.close();
    },
  };
});

describe("pg-boss queue", () => {
  it("stops its workers on close: a job one held is left resumable, and another process resumes it from its checkpoint", async () => {
    const url = await createPostgresDatabase(inject("postgresUrl"));
    const [a, b] = [await openStore({ url }), await openStore({ url })];
    const options = { url, heartbeatMs: 50, staleAfterMs: 300, leaseSeconds: 10, superviseSeconds: 1 };
    const [first, second] = [createPgBossJobQueue(a, options), createPgBossJobQueue(b, options)];
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
      await within(first.close(), 5_000, "close() with a job in hand");
      expect((await second.get(job.jobId)).state).toBe("running");
      const resumed = await second.run(job.jobId, (context) => Promise.resolve({ from: context.job.checkpoint?.done ?? null }));
      expect(resumed).toMatchObject({ state: "succeeded", result: { from: 1 }, attempts: 2 });
    } finally {
      await first.close();
      await second.close();
      await a.close();
      await b.close();
    }
  });
});
