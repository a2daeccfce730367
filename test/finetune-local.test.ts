import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { addFeedback, createDatasetFromTraces } from "../src/datasets/index.js";
import { compareFineTuneJob, runFineTuneJob, startFineTune } from "../src/finetune/index.js";
import { storedModelInfos } from "../src/models/local/index.js";
import { modelDirectory } from "../src/models/model-store/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { FlywheelAttributes } from "../src/traces/index.js";
import { chatTrace } from "./support/chat-trace.js";
import { cachedHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { realTrainingEnvironment } from "./support/real-training-environment.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

// The real thing: torch, transformers and peft in the venv that `flywheel finetune setup`
// installs (CI runs it before the tests), and the embedded base model, both cached in the
// Flywheel home. Without them (a developer who never ran the setup) the test is skipped;
// in CI it must run.
const home = cachedHome();
const environment = await realTrainingEnvironment(home);

describe.skipIf(environment === undefined)("local fine-tuning, end to end", () => {
  let flywheel: Flywheel;
  let tunedAlias: string | undefined;

  beforeAll(async () => {
    const folder = temporaryFolder();
    const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(folder, "flywheel.db") } });
    flywheel = await createFlywheel({ config });
  });
  afterAll(async () => {
    await flywheel.close();
    if (tunedAlias !== undefined) rmSync(modelDirectory(home, tunedAlias), { recursive: true, force: true });
  });

  it(
    "turns corrected traces into a dataset, tunes the base on it, and the tuned model beats the base on held-out reviews with p < 0.05",
    async () => {
      // Traces of a task the base does badly, each corrected by a person.
      const reviews = sentimentReviews(72);
      const spans = reviews.map((review, index) =>
        chatTrace({ model: "local:tiny", system: SENTIMENT_SYSTEM, user: review.text, reply: `I think the review is ${review.label}.`, startTime: 1_700_000_000_000 + index * 1000, rootAttributes: { [FlywheelAttributes.tags]: ["sentiment"] } }),
      );
      await flywheel.store.traces.writeSpans(spans.flat());
      for (const root of spans.map((trace) => trace.find((span) => span.parentSpanId === null)!)) {
        const review = reviews.find((item) => item.text === root.attributes[FlywheelAttributes.input])!;
        await addFeedback(flywheel.store, { traceId: root.traceId, label: "bad", correction: sentimentReply(review.label), author: "test" });
      }
      const dataset = await createDatasetFromTraces(flywheel, {
        name: "sentiment-e2e",
        selection: { tag: "sentiment", feedback: "bad" },
        split: { seed: 11, fractions: { train: 0.7, validation: 0.05, test: 0.25 } },
      });
      expect(dataset.sourceReport.corrected).toBe(72);
      expect(dataset.version.splits.test).toBeGreaterThanOrEqual(14);

      const job = await startFineTune(flywheel, {
        dataset: "sentiment-e2e",
        baseModel: "local:tiny",
        name: `e2e-sentiment-${Date.now().toString(36)}`,
        hyperparameters: { maxSteps: 16, batchSize: 4, learningRate: 1e-3, seed: 1 },
      });
      tunedAlias = String(job.payload.name);
      const steps: number[] = [];
      const finished = await runFineTuneJob(flywheel, job.jobId, { onProgress: (progress) => steps.push(Number(progress.step)) });
      expect(finished.error).toBeNull();
      expect(finished.state).toBe("succeeded");
      expect(finished.result?.model).toBe(`local:${tunedAlias}`);
      expect(steps.at(-1)).toBe(16);
      const metrics = finished.result!.metrics as { trainLoss: number; secondsPerStep: number };
      expect(metrics.trainLoss).toBeLessThan(0.3);

      // The tuned model is in the catalog (as a new runtime reads it), linked to its job, dataset version and base.
      const info = storedModelInfos(home).find((model) => model.id === `local:${tunedAlias}`);
      expect(info?.notes).toMatch(new RegExp(`local:tiny on sentiment-e2e@1 by job ${job.jobId}`));

      const report = await compareFineTuneJob(flywheel, job.jobId, { maxTokens: 16 });
      const split = report.suites[0]!;
      console.log(
        `base ${split.base.passRate.estimate} tuned ${split.tuned.passRate.estimate} diff ${split.difference.estimate} [${split.difference.low}, ${split.difference.high}] p=${split.difference.pValue} mcnemar p=${split.passFail.pValue} s/step ${metrics.secondsPerStep}`,
      );
      expect(split.tuned.passRate.estimate).toBeGreaterThan(split.base.passRate.estimate);
      expect(split.passFail.pValue).toBeLessThan(0.05);
      expect(split.difference.low).toBeGreaterThan(0);
      expect(report.verdict).toBe("better");
    },
    600_000,
  );
});
