import type { CleanStepReport } from "../../datasets/index.js";
import type { ComparisonReport } from "../compare/comparison-report.js";
import { comparisonToMarkdown } from "../compare/comparison-report.js";

/** The state and outcome of one `improve` run, written after every step so it can resume. */
export interface ImproveReport {
  version: 1;
  /** Hash of the inputs: a report with the same key is resumed. */
  key: string;
  status: "running" | "passed" | "gate-failed" | "failed";
  startedAt: string;
  finishedAt?: string;
  inputs: { selection: Record<string, unknown>; baseModel: string; engine: string; gate: string; dataset: string; name?: string; hyperparameters: Record<string, unknown> };
  steps: {
    dataset?: { dataset: string; version: number; rows: number; splits: { train: number; validation: number; test: number }; unchanged: boolean; cleaning: CleanStepReport[]; source: Record<string, unknown> };
    finetune?: { jobId: string; state: string; model?: string; metrics?: Record<string, unknown>; error?: { code: string; message: string; hint?: string } };
    compare?: ComparisonReport;
    gate?: { rule: string; pass: boolean; checks: string[]; values: Record<string, number> };
  };
  error?: { code: string; message: string; hint?: string };
}

/** The report as markdown (improve-report.md). */
export function improveReportToMarkdown(report: ImproveReport): string {
  const lines: string[] = ["# flywheel improve", ""];
  const gate = report.steps.gate;
  const outcome =
    report.status === "passed" ? "**The gate passed**" : report.status === "gate-failed" ? "**The gate did not pass**" : report.status === "failed" ? "**The run failed**" : "**Still running**";
  lines.push(`${outcome}${gate === undefined ? "" : `: \`${gate.rule}\``}.`, "");
  if (gate !== undefined) for (const check of gate.checks) lines.push(`- ${check}`);
  if (report.error !== undefined) lines.push(`- error: ${report.error.message}${report.error.hint === undefined ? "" : ` (${report.error.hint})`}`);
  lines.push("", "## Inputs", "");
  lines.push(`- base model: \`${report.inputs.baseModel}\`, engine: \`${report.inputs.engine}\``);
  lines.push(`- traces: \`${JSON.stringify(report.inputs.selection)}\``);
  const dataset = report.steps.dataset;
  if (dataset !== undefined) {
    lines.push("", "## Dataset", "");
    lines.push(`\`${dataset.dataset}@${dataset.version}\`: ${dataset.rows} rows (train ${dataset.splits.train}, validation ${dataset.splits.validation}, test ${dataset.splits.test})${dataset.unchanged ? ", unchanged from the last run" : ""}.`, "");
    for (const step of dataset.cleaning) lines.push(`- ${step.step}: removed ${step.removed}, ${step.remaining} left`);
  }
  const finetune = report.steps.finetune;
  if (finetune !== undefined) {
    lines.push("", "## Fine-tuning", "");
    lines.push(`- job \`${finetune.jobId}\`: ${finetune.state}${finetune.model === undefined ? "" : `, tuned model \`${finetune.model}\``}`);
    const metrics = finetune.metrics ?? {};
    for (const key of ["steps", "trainLoss", "validationLoss", "secondsPerStep", "tokensPerSecond"]) if (metrics[key] !== undefined) lines.push(`- ${key}: ${String(metrics[key])}`);
    if (finetune.model !== undefined) lines.push("", `Try it: \`flywheel run --model ${finetune.model} "<prompt>"\``);
  }
  if (report.steps.compare !== undefined) lines.push("", comparisonToMarkdown(report.steps.compare).replace(/^# /, "## Comparison: "));
  return `${lines.join("\n")}\n`;
}
