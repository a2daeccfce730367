import type { Digest, ModelChange, ModelWatchResult, SourceFailure, WatchModelSide } from "../radar-types.js";

/** Column headings of the model-watch table. */
export const WATCH_COLUMNS = ["suite", "model", "pass rate (95% interval)", "cost/request", "latency", "difference (p)"];

/** `openai:gpt-x is new (openai; $0.15 in / $0.60 out per MTok, 128k context)` or a price change. */
export function describeChange(change: ModelChange): string {
  const { model, before } = change;
  const facts = [model.origin, prices(model), model.contextWindow === undefined ? undefined : `${Math.round(model.contextWindow / 1000)}k context`].filter(Boolean).join("; ");
  if (change.kind === "new-model") return `${model.modelId} is new (${facts})`;
  return `${model.modelId} changed price: ${before === undefined ? "?" : (prices(before) ?? "?")} → ${prices(model) ?? "?"}`;
}

/** One row per model per suite: the baseline and the candidate side by side, then the difference. */
export function watchRows(result: ModelWatchResult): string[][] {
  return result.suites.flatMap((suite) => {
    const { difference } = suite;
    const diff = `${signedPercent(difference.estimate)} [${signedPercent(difference.low)}, ${signedPercent(difference.high)}] (p=${difference.pValue.toFixed(3)})`;
    return [sideRow(suite.suite, suite.baseline, "baseline"), [...sideRow("", suite.candidate, "candidate").slice(0, 5), diff]];
  });
}

/** `switch to X`, `keep Y` or `not enough evidence`, with what was spent or why nothing ran. */
export function recommendationLine(result: ModelWatchResult): string {
  if (result.skipped !== undefined) return `${result.change.model.modelId}: not evaluated (${result.skipped})`;
  const verdict = result.recommendation === "switch" ? `switch to ${result.change.model.modelId}` : result.recommendation === "keep" ? `keep ${result.baselineModel}` : "not enough evidence to switch";
  return `${result.change.model.modelId} vs ${result.baselineModel}: ${verdict} (spent ${usd(result.costUsd)})`;
}

/** `source: message (code)`, and the hint when there is one. */
export function failureLine(failure: SourceFailure): string {
  return `${failure.source}: ${failure.message} (${failure.code})${failure.hint === undefined ? "" : ` — ${failure.hint}`}`;
}

/** `3 stories · 12 new items of 40 · 5 sources · 2 model changes · 4.1 s` */
export function statsLine(digest: Digest): string {
  const { stats } = digest;
  return [
    `${digest.entries.length} ${digest.entries.length === 1 ? "story" : "stories"}`,
    `${stats.itemsNew} new items of ${stats.itemsSeen}`,
    `${stats.sources} sources`,
    ...(digest.modelChanges.length === 0 ? [] : [`${digest.modelChanges.length} model change${digest.modelChanges.length === 1 ? "" : "s"}`]),
    `${(stats.elapsedMs / 1000).toFixed(1)} s`,
  ].join(" · ");
}

/** `2026-12-04 22:10 UTC` */
export function utcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

function sideRow(suite: string, side: WatchModelSide, role: string): string[] {
  const rate = side.passRate;
  return [
    suite,
    `${side.model} (${role})`,
    `${percent(rate.estimate)} [${percent(rate.low)}, ${percent(rate.high)}]`,
    side.costPerRequestUsd === undefined ? "?" : usd(side.costPerRequestUsd),
    side.latencyMs === undefined ? "?" : `${Math.round(side.latencyMs)} ms`,
    "",
  ];
}

function prices(model: ModelChange["model"]): string | undefined {
  if (model.inputPerMTok === undefined && model.outputPerMTok === undefined) return undefined;
  return `$${model.inputPerMTok ?? "?"} in / $${model.outputPerMTok ?? "?"} out per MTok`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

function signedPercent(share: number): string {
  return `${share > 0 ? "+" : ""}${(share * 100).toFixed(1)} pt`;
}

function usd(dollars: number): string {
  return dollars === 0 ? "$0" : dollars < 0.01 ? `$${dollars.toFixed(5)}` : `$${dollars.toFixed(2)}`;
}
