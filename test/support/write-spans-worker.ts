// Child process for the concurrent-writers test: opens the store (migrating if it is new)
// and writes traces one small batch at a time, as a busy CLI would.
import { openStore } from "../../src/store/index.js";
import { runTrace } from "./span-factory.js";

const [file, label, countText] = process.argv.slice(2);
const store = await openStore({ url: file! });
for (let index = 0; index < Number(countText); index += 1) {
  await store.traces.writeSpans(runTrace({ model: `test:${label}`, startTime: Date.now(), input: `${label}-${index}`, inputTokens: 7, outputTokens: 3, costUsd: 0 }));
}
await store.close();
