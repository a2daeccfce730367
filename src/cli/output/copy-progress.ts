import { createRequire } from "node:module";
import type cliProgress from "cli-progress";
import type { CopyProgress } from "../../store/index.js";
import type { Terminal } from "./terminal.js";

/** Shows `db copy` progress: one bar a table on a terminal, one line a finished table otherwise. */
export interface CopyProgressView {
  /** Takes one progress event. */
  update(event: CopyProgress): void;
  /** Ends the open bar. */
  stop(): void;
}

/** A progress bar per table on stderr (rows and rows/s), or a line per table when stderr is not a terminal. */
export function copyProgressView(terminal: Terminal): CopyProgressView {
  let bar: cliProgress.SingleBar | undefined;
  let table = "";
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(event) {
      const rate = Math.round(event.rowsPerSecond);
      if (!terminal.interactiveErrors) {
        if (event.done) terminal.info(`${event.table}: ${event.copied} rows (${rate} rows/s)`);
        return;
      }
      if (event.table !== table) {
        stop();
        table = event.table;
        const progress = createRequire(import.meta.url)("cli-progress") as typeof cliProgress;
        bar = new progress.SingleBar(
          { format: `${event.table.padEnd(24).slice(0, 24)} {bar} {value}/{total} rows {rate} rows/s`, hideCursor: true, stream: process.stderr, clearOnComplete: false },
          progress.Presets.shades_classic,
        );
        bar.start(Math.max(event.total, event.copied), 0, { rate });
      }
      bar?.update(event.copied, { rate });
      if (event.done) stop();
    },
    stop,
  };
}
