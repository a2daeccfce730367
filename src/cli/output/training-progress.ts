import cliProgress from "cli-progress";
import type { Terminal } from "./terminal.js";

/** Training progress as the job reports it. */
export interface TrainingProgressValues {
  step?: unknown;
  totalSteps?: unknown;
  loss?: unknown;
  etaSeconds?: unknown;
  secondsPerStep?: unknown;
  /** During a learning-rate sweep: which rate of how many is training. */
  trial?: unknown;
  trials?: unknown;
}

/** A live progress line: step, loss, seconds per step and time left. */
export interface TrainingProgressLine {
  update(values: TrainingProgressValues): void;
  stop(): void;
}

function clock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}

/** Formats one progress line: `step 12/40  loss 0.2471  1.30 s/step  left 0:36` (with `rate 2/3` first during a sweep). */
export function formatTrainingProgress(values: TrainingProgressValues): string {
  const step = Number(values.step ?? 0);
  const total = Number(values.totalSteps ?? 0);
  const loss = typeof values.loss === "number" ? values.loss.toFixed(4) : "-";
  const perStep = typeof values.secondsPerStep === "number" ? `${values.secondsPerStep.toFixed(2)} s/step` : "";
  const left = typeof values.etaSeconds === "number" ? `left ${clock(values.etaSeconds)}` : "";
  const trial = typeof values.trial === "number" && typeof values.trials === "number" && values.trials > 1 ? `rate ${values.trial}/${values.trials}` : "";
  return [trial, `step ${step}/${total}`, `loss ${loss}`, perStep, left].filter((part) => part !== "").join("  ");
}

/**
 * On an interactive stderr, a cli-progress bar whose line shows step, loss and time left;
 * otherwise a plain line at every tenth of the run (so logs stay short).
 */
export function startTrainingProgress(terminal: Terminal): TrainingProgressLine {
  if (!terminal.interactiveErrors) {
    let lastTenth = -1;
    return {
      update(values) {
        const total = Number(values.totalSteps ?? 0);
        const tenth = total > 0 ? Math.floor((Number(values.step ?? 0) * 10) / total) : 0;
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        terminal.info(formatTrainingProgress(values));
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "training [{bar}] {line}", barsize: 24, hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(values) {
      const total = Number(values.totalSteps ?? 0);
      const step = Number(values.step ?? 0);
      if (!started) {
        bar.start(total, step, { line: formatTrainingProgress(values) });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(step, { line: formatTrainingProgress(values) });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
