import cliProgress from "cli-progress";
import type { PullProgress } from "../../models/model-store/index.js";
import type { Terminal } from "./terminal.js";

/** Shows model pulls as a progress bar (interactive) or a few plain lines (logs, CI). */
export interface PullProgressView {
  update(event: PullProgress): void;
  stop(): void;
}

const MiB = 1024 * 1024;

/** A progress bar on stderr for model pulls, one line per phase when stderr is not a terminal. */
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
          bar = new cliProgress.SingleBar(
            { format: `${label.padEnd(36).slice(0, 36)} {bar} {percentage}% {done}/{total} MiB`, hideCursor: true, stream: process.stderr, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.bytesTotal, 0, { done: "0.0", total: (event.bytesTotal / MiB).toFixed(1) });
        } else {
          terminal.info(`${label}${event.message === undefined ? "" : `: ${event.message}`}`);
        }
      }
      bar?.update(event.bytesDone, { done: (event.bytesDone / MiB).toFixed(1) });
      if (event.bytesTotal !== undefined && event.bytesDone >= event.bytesTotal) stopBar();
    },
    stop: stopBar,
  };
}
