import { copyStore } from "../../store/index.js";
import type { CommandContext } from "../command-context.js";
import type { DbCopyOptions } from "../commands/db.js";
import { copyProgressView } from "../output/copy-progress.js";
import { renderTable } from "../output/format.js";

/** Copies the store named by --from (or the configured one) into --to, then prints what was verified. */
export async function dbCopy(context: CommandContext, options: DbCopyOptions): Promise<void> {
  const from = options.from ?? (await context.config()).storeUrl;
  const progress = copyProgressView(context.terminal);
  const report = await copyStore({
    from,
    to: options.to,
    resume: options.resume,
    force: options.force,
    batchSize: options.batchSize,
    signal: context.signal,
    onProgress: progress.update,
  }).finally(progress.stop);
  if (options.json === true) {
    context.terminal.line(JSON.stringify(report, null, 2));
    return;
  }
  context.terminal.line(renderTable(["table", "rows", "sha-256"], report.tables.map((table) => [table.name, String(table.rows), table.hash.slice(0, 16)])));
  const rate = report.rowsWritten / Math.max(1e-3, report.copySeconds);
  context.terminal.line(
    `${report.resumed ? "resumed and copied" : "copied"} ${report.rowsWritten} rows in ${report.copySeconds.toFixed(1)}s (${Math.round(rate)} rows/s); ` +
      `verified ${report.tables.length} tables in ${report.verifySeconds.toFixed(1)}s`,
  );
}
