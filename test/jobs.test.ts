import path from "node:path";
import { inject } from "vitest";
import { createPgBossJobQueue, createStoreJobQueue } from "../src/jobs/index.js";
import { openStore } from "../src/store/index.js";
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
