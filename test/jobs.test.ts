import path from "node:path";
import { createStoreJobQueue } from "../src/jobs/index.js";
import { openStore } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { describeJobQueueConformance } from "./support/job-queue-conformance.js";

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
