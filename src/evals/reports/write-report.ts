import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import { redactSecrets } from "../../secrets/index.js";
import type { EvalRun } from "../runner/eval-run.js";
import { toCsvReport } from "./csv-report.js";
import { toHtmlReport } from "./html-report.js";
import { toJsonLines, toJsonReport } from "./json-report.js";
import { toJunitReport } from "./junit-report.js";

/** Report formats by file extension. */
export const reportFormats: Readonly<Record<string, (run: EvalRun) => string>> = {
  ".json": (run) => `${JSON.stringify(toJsonReport(run), null, 2)}\n`,
  ".jsonl": toJsonLines,
  ".csv": toCsvReport,
  ".xml": toJunitReport,
  ".html": toHtmlReport,
  ".htm": toHtmlReport,
};

/** Throws a UsageError unless the file's extension names a report format. */
export function checkReportPath(file: string): void {
  const extension = path.extname(file).toLowerCase();
  if (!Object.hasOwn(reportFormats, extension)) {
    throw new UsageError(`cannot write a report to "${file}": unknown extension "${extension || "(none)"}"`, `use one of ${Object.keys(reportFormats).join(", ")}`);
  }
}

/** Writes the run as a report, secrets redacted; the extension picks the format (.json, .jsonl, .csv, .xml JUnit, .html). */
export async function writeEvalReport(run: EvalRun, file: string): Promise<void> {
  checkReportPath(file);
  const render = reportFormats[path.extname(file).toLowerCase()]!;
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, redactSecrets(render(run)));
}
