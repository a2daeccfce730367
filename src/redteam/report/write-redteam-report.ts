import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import { redactSecrets } from "../../secrets/index.js";
import type { RedteamReport } from "../redteam-types.js";
import { toRedteamHtml } from "./redteam-html.js";
import { toRedteamJunit } from "./redteam-junit.js";

/** Red-team report formats by file extension. */
export const redteamReportFormats: Readonly<Record<string, (report: RedteamReport) => string>> = {
  ".json": (report) => `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`,
  ".xml": toRedteamJunit,
  ".html": toRedteamHtml,
  ".htm": toRedteamHtml,
};

/** Throws a UsageError unless the file's extension names a red-team report format. */
export function checkRedteamReportPath(file: string): void {
  const extension = path.extname(file).toLowerCase();
  if (!Object.hasOwn(redteamReportFormats, extension)) {
    throw new UsageError(`cannot write a red-team report to "${file}": unknown extension "${extension || "(none)"}"`, `use one of ${Object.keys(redteamReportFormats).join(", ")}`);
  }
}

/** Writes a report file, secrets redacted; the extension picks the format (.json, .xml JUnit, .html). */
export async function writeRedteamReport(report: RedteamReport, file: string): Promise<void> {
  checkRedteamReportPath(file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, redactSecrets(redteamReportFormats[path.extname(file).toLowerCase()]!(report)));
}
