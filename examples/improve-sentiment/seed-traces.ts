// Seeds the traces of the improve demo: the embedded base model classifies 80 product
// reviews (badly: it chats instead of answering with the JSON asked for), and a person's
// correction is stored as feedback on each trace. Run from this folder:
//   npx tsx seed-traces.ts
import { readFileSync } from "node:fs";
import { addFeedback, createFlywheel, runPrompt } from "../../src/index.js";

const system = 'Classify the sentiment of the review. Reply with exactly {"sentiment": "positive"} or {"sentiment": "negative"}.';
const reviews = readFileSync(new URL("./reviews.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { review: string; sentiment: "positive" | "negative" });

const flywheel = await createFlywheel();
try {
  let right = 0;
  for (const [index, { review, sentiment }] of reviews.entries()) {
    const result = await runPrompt(flywheel, { model: "local:default", system, prompt: review, maxTokens: 24, temperature: 0, spanName: "classify-review" });
    const expected = JSON.stringify({ sentiment });
    if (result.text.trim() === expected) right += 1;
    await flywheel.tracing.flush();
    await addFeedback(flywheel.store, { traceId: result.traceId, label: result.text.trim() === expected ? "good" : "bad", correction: expected, author: "demo" });
    process.stderr.write(`\r${index + 1}/${reviews.length} traces, base right on ${right}`);
  }
  process.stderr.write("\n");
} finally {
  await flywheel.close();
}
