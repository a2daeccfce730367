import { compareEvalRuns, getEvalRun, listEvalRuns, renderTerminalReport, toJsonReport, writeEvalReport } from "../../evals/index.js";
import type { CommandContext } from "../command-context.js";
import { formatTime, renderTable } from "../output/format.js";
import { colors } from "../output/terminal.js";

/** Prints stored eval runs as a table or JSON. */
export async function listRuns(context: CommandContext, options: { limit?: number; json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const runs = await listEvalRuns(flywheel, { limit: options.limit ?? 20 });
  if (options.json === true) {
    context.terminal.line(JSON.stringify(runs, null, 2));
    return;
  }
  if (runs.length === 0) {
    context.terminal.info("no eval runs yet: run one with `flywheel eval -c <suite.yaml>`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["run", "time", "status", "name", "variants", "pass rate", "passed/failed/errors"],
      runs.map((run) => {
        const done = run.passed + run.failed + run.errors;
        return [run.runId.slice(0, 12), formatTime(run.createdAt), run.status, run.name ?? run.suiteFile ?? "-", String(run.variants.length), done === 0 ? "-" : `${Math.round((run.passed / done) * 100)}%`, `${run.passed}/${run.failed}/${run.errors}`];
      }),
    ),
  );
}

/** Prints one stored run's report, or writes it to files. */
export async function showRun(context: CommandContext, id: string, options: { output?: string[]; json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const run = await getEvalRun(flywheel, id);
  for (const output of options.output ?? []) {
    await writeEvalReport(run, output);
    context.terminal.info(colors.dim(`wrote ${output}`));
  }
  if (options.json === true) context.terminal.line(JSON.stringify(toJsonReport(run), null, 2));
  else if ((options.output ?? []).length === 0) context.terminal.line(renderTerminalReport(run, { color: context.terminal.interactive ? undefined : false }));
}

/** Prints how run B differs from run A, variant by variant. */
export async function compareRuns(context: CommandContext, runA: string, runB: string, options: { json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const comparison = await compareEvalRuns(flywheel, runA, runB);
  if (options.json === true) {
    const { runA: a, runB: b, ...rest } = comparison;
    context.terminal.line(JSON.stringify({ runA: a.runId, runB: b.runId, ...rest }, null, 2));
    return;
  }
  const { terminal } = context;
  terminal.line(colors.bold(`compare ${comparison.runA.runId.slice(0, 12)} (A) → ${comparison.runB.runId.slice(0, 12)} (B)`));
  terminal.line(
    renderTable(
      ["variant", "tests", "pass rate A → B", "score Δ (B − A) [95% CI]", "p (score)", "pass/fail A-only:B-only", "p (McNemar)"],
      comparison.variants.map((variant) => [
        variant.label,
        String(variant.tests),
        `${percent(variant.passRateA)} → ${percent(variant.passRateB)}`,
        `${signed(variant.scoreDifference.estimate)} [${signed(variant.scoreDifference.low)}, ${signed(variant.scoreDifference.high)}]`,
        pValue(variant.scoreDifference.pValue),
        `${variant.passFail.aOnly}:${variant.passFail.bOnly}`,
        pValue(variant.passFail.pValue),
      ]),
    ),
  );
  for (const variant of comparison.variants) {
    for (const regression of variant.regressions.slice(0, 10)) terminal.line(colors.red(`  regressed: ${variant.label} · test ${regression.testIndex + 1}${regression.description === undefined ? "" : ` ${regression.description}`}`));
    for (const improvement of variant.improvements.slice(0, 10)) terminal.line(colors.green(`  improved: ${variant.label} · test ${improvement.testIndex + 1}${improvement.description === undefined ? "" : ` ${improvement.description}`}`));
  }
  if (comparison.onlyInA.length > 0) terminal.line(colors.dim(`only in A: ${comparison.onlyInA.join(", ")}`));
  if (comparison.onlyInB.length > 0) terminal.line(colors.dim(`only in B: ${comparison.onlyInB.join(", ")}`));
}

function percent(value: number): string {
  return Number.isNaN(value) ? "-" : `${Math.round(value * 100)}%`;
}

function signed(value: number): string {
  return Number.isNaN(value) ? "-" : `${value >= 0 ? "+" : ""}${value.toFixed(2)}`;
}

function pValue(p: number): string {
  return Number.isNaN(p) ? "-" : p < 0.001 ? "<0.001" : p.toFixed(3);
}
