import path from "node:path";
import { durationMs } from "../../config/index.js";
import { compareModelsOnSuites, suiteFileOnModels } from "../../evals/index.js";
import type { PairedSuiteComparison, SuiteToCompare } from "../../evals/index.js";
import { FlywheelError } from "../../errors/index.js";
import type { WatchStep } from "../radar-pipeline.js";
import type { RadarContext } from "../radar-pipeline.js";
import type { ModelChange, ModelWatchResult, WatchedModel, WatchSuiteResult } from "../radar-types.js";
import { listWatchedModels } from "./list-watched-models.js";
import { recommend } from "./recommend.js";

/**
 * The model half of a radar run. Lists the providers' models and the catalog (none offline, or
 * with `radar.watchModels: false`), diffs them with the last snapshot and saves the new one. The
 * first run only records the snapshot (and says so). Changes are new models, and price changes
 * on models the user uses (called in traces within `radar.since`, or the baseline). Each change
 * is tried on the suites in `radar.evals` against the baseline (`radar.baselineModel`, else the
 * model most called in those traces, else `defaultModel`) under a hard budget: at most
 * `radar.maxCases` requests per suite per model, and one cost budget of `radar.budgetUsd` across
 * the whole run, counted by the eval runner from catalog prices and the tokens each call used. A
 * call that could pass it does not start: it is expected to cost as much as the dearest call of
 * the same model so far (at least its prompt at the input price), and the runs stop there. A model
 * without a known price is not tried: its cost could not be counted.
 */
export const watchModels: WatchStep = async (context, options) => {
  const { config, flywheel } = context;
  if (options.offline || !config.watchModels) return { changes: [], results: [], failures: [] };
  const listed = await listWatchedModels({ config: flywheel.config, catalog: flywheel.models.catalog, timeoutMs: config.fetch.timeoutMs, ...(context.signal === undefined ? {} : { signal: context.signal }) });
  for (const failure of listed.failures) context.progress(`model watch: ${failure.source} failed: ${failure.message}`);
  const snapshot = await flywheel.store.radar.modelSnapshot();
  await flywheel.store.radar.saveModelSnapshot(listed.models, context.now);
  if (snapshot.length === 0) {
    context.progress(`model watch: first run, recorded ${listed.models.length} models; new models and price changes are reported from the next run`);
    return { changes: [], results: [], failures: listed.failures };
  }
  const calls = await flywheel.store.radar.modelCalls(context.now - (durationMs(config.since) ?? 0));
  const baseline = config.baselineModel ?? calls.find((call) => flywheel.models.info(call.model).type === "chat")?.model ?? flywheel.config.defaultModel;
  const used = new Set([baseline, ...calls.map((call) => call.model)]);
  const changes = diffModels(snapshot, listed.models, used);
  context.progress(`model watch: ${listed.models.length} models, ${changes.length} ${changes.length === 1 ? "change" : "changes"}`);
  const results: ModelWatchResult[] = [];
  let budgetLeft = config.budgetUsd;
  for (const change of changes) {
    const result = await tryChange(context, change, baseline, budgetLeft);
    budgetLeft -= result.costUsd;
    results.push(result);
  }
  return { changes, results, failures: listed.failures };
};

/** New models, and price changes on used models, between the last snapshot and this listing. */
function diffModels(snapshot: readonly WatchedModel[], listed: readonly WatchedModel[], used: ReadonlySet<string>): ModelChange[] {
  const before = new Map(snapshot.map((model) => [model.modelId, model]));
  const changes: ModelChange[] = [];
  for (const model of listed) {
    const last = before.get(model.modelId);
    if (last === undefined) changes.push({ kind: "new-model", model });
    else if (used.has(model.modelId) && priceChanged(last, model)) changes.push({ kind: "price-change", model, before: withoutSnapshotTimes(last) });
  }
  return changes;
}

function priceChanged(before: WatchedModel, after: WatchedModel): boolean {
  if (after.inputPerMTok === undefined && after.outputPerMTok === undefined) return false;
  return before.inputPerMTok !== after.inputPerMTok || before.outputPerMTok !== after.outputPerMTok;
}

function withoutSnapshotTimes(model: WatchedModel & { firstSeenAt?: number; lastSeenAt?: number }): WatchedModel {
  const { firstSeenAt: _first, lastSeenAt: _last, ...facts } = model;
  return facts;
}

/** Runs the suites on a changed model and the baseline, or says why not. */
async function tryChange(context: RadarContext, change: ModelChange, baseline: string, budgetLeft: number): Promise<ModelWatchResult> {
  const { config, flywheel } = context;
  const candidate = change.model.modelId;
  const skip = (skipped: string): ModelWatchResult => {
    context.progress(`model watch: ${candidate} not tried: ${skipped}`);
    return { change, baselineModel: baseline, suites: [], recommendation: "not enough evidence", costUsd: 0, skipped };
  };
  if (config.evals.length === 0) return skip("no eval suites in radar.evals");
  if (candidate === baseline) return skip("it is the model in use; nothing to compare it with");
  if (flywheel.models.info(candidate).type === "embedding") return skip("an embedding model; the suites compare chat models");
  if (budgetLeft <= 0) return skip(`the budget of $${config.budgetUsd} (radar.budgetUsd) is spent`);
  const models = [
    { id: baseline, label: baseline },
    { id: candidate, label: candidate },
  ];
  context.progress(`model watch: trying ${candidate} against ${baseline} on ${config.evals.length} ${config.evals.length === 1 ? "suite" : "suites"} (budget left $${budgetLeft.toFixed(4)})`);
  try {
    const suites: SuiteToCompare[] = [];
    for (const file of config.evals) {
      const absolute = path.resolve(context.cwd, file);
      suites.push({ label: file, suite: await suiteFileOnModels(absolute, models), cwd: path.dirname(absolute) });
    }
    const compared = await compareModelsOnSuites(flywheel, {
      baseline,
      candidate,
      suites,
      maxCases: config.maxCases,
      maxCostUsd: budgetLeft,
      resume: false,
      concurrency: 1,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    const results = compared.suites.map(toWatchSuiteResult);
    const recommendation = recommend(results);
    if (compared.budgetStop !== undefined) context.progress(`model watch: ${candidate}: stopped early: ${compared.budgetStop}`);
    return {
      change,
      baselineModel: baseline,
      suites: results,
      recommendation,
      costUsd: compared.costUsd,
      ...(compared.budgetStop === undefined ? {} : { skipped: `stopped early: ${compared.budgetStop}` }),
    };
  } catch (error) {
    if (context.signal?.aborted === true || !FlywheelError.isInstance(error)) throw error;
    return skip(error.code === "budget-unenforceable" ? `${error.message}, so it cannot be tried within radar.budgetUsd (${error.hint ?? ""})` : error.message);
  }
}

function toWatchSuiteResult(comparison: PairedSuiteComparison): WatchSuiteResult {
  const side = (model: PairedSuiteComparison["baseline"]) => ({
    model: model.model,
    passRate: { estimate: model.passRate.estimate, low: model.passRate.low, high: model.passRate.high },
    costPerRequestUsd: model.costPerRequestUsd,
    latencyMs: model.latencyMs,
  });
  return { suite: comparison.suite, evalRunId: comparison.evalRunId, cases: comparison.cases, baseline: side(comparison.baseline), candidate: side(comparison.candidate), difference: comparison.difference };
}
