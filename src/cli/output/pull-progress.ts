import { createRequire } from "node:module";
import type cliProgress from "cli-progress";
import type { PullProgress } from "../../models/model-store/index.js";
import type { Terminal } from "./terminal.js";

/** Shows model pulls as a progress bar (interactive) or a few plain lines (logs, CI). */
export interface PullProgressView {
  /** Shows an event at once (synchronously), so it lands before anything the command prints next. */
  update(event: PullProgress): void;
  /** Ends the open bar, if any, with its line; safe to call more than once. */
  stop(): void;
}

const MiB = 1024 * 1024;

/**
 * A progress bar on stderr for model pulls, one line per phase when stderr is not a terminal.
 * A bar ends (and its line with it) when its phase is complete, when the next phase starts, or on `stop()`.
 */
export function pullProgressView(terminal: Terminal): PullProgressView {
  let bar: cliProgress.SingleBar | undefined;
  let lastKey = "";
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(event) {
      const key = `${event.alias}:${event.phase}:${event.file ?? ""}`;
      const label = `${event.phase} ${event.alias}${event.file === undefined ? "" : ` ${event.file}`}`;
      if (!terminal.interactiveErrors) {
        if (key !== lastKey) terminal.info(`${label}${event.message === undefined ? "" : `: ${event.message}`}`);
        lastKey = key;
        return;
      }
      if (key !== lastKey) {
        stopBar();
        lastKey = key;
        if (event.bytesTotal !== undefined && event.bytesTotal > 0) {
          bar = startBar(label, event.bytesTotal);
        } else {
          terminal.info(`${label}${event.message === undefined ? "" : `: ${event.message}`}`);
        }
      }
      bar?.update(event.bytesDone, { doneMiB: toMiB(event.bytesDone) });
      if (event.bytesTotal !== undefined && event.bytesDone >= event.bytesTotal) stopBar();
    },
    stop: stopBar,
  };
}

function startBar(label: string, bytesTotal: number): cliProgress.SingleBar {
  // Loaded on the first bar only (most commands never pull), synchronously so events stay in order.
  const progress = createRequire(import.meta.url)("cli-progress") as typeof cliProgress;
  // `{value}` and `{total}` are cli-progress's own (raw bytes): the MiB figures need names of their own.
  const bar = new progress.SingleBar(
    { format: `${label.padEnd(36).slice(0, 36)} {bar} {percentage}% {doneMiB}/{totalMiB} MiB`, hideCursor: true, stream: process.stderr, clearOnComplete: false },
    progress.Presets.shades_classic,
  );
  bar.start(bytesTotal, 0, { doneMiB: toMiB(0), totalMiB: toMiB(bytesTotal) });
  return bar;
}

function toMiB(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
