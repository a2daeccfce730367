import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { CancelledError } from "../../../errors/index.js";
import { redactSecrets } from "../../../secrets/index.js";
import { TrainingWorkerError } from "../../finetune-errors.js";
import { pythonSourceDirectory } from "./python-paths.js";
import { workerEventSchema } from "./worker-events.js";
import type { DoneEvent, TrainingRequest, WorkerEvent } from "./worker-events.js";

/** Options of `runTrainingWorker`. */
export interface RunTrainingWorkerOptions {
  /** The venv's Python. */
  python: string;
  request: TrainingRequest;
  /** Every event the worker reports, in order. */
  onEvent?: (event: WorkerEvent) => void;
  /** Lines the worker wrote to stderr (library warnings, tracebacks). */
  onStderr?: (line: string) => void;
  /** Stops training cleanly: a cancel command, then SIGTERM, then SIGKILL. */
  signal?: AbortSignal;
  /** How long to wait for a clean stop before killing (default 30 s). */
  stopGraceMs?: number;
  cwd?: string;
}

/**
 * Runs the Python training worker (`python -m flywheel_train`): sends the request as one JSON
 * line, reads its events from stdout, and resolves with the `done` event. Cancelling sends
 * `{"type":"cancel"}`; the worker stops at the next step and reports `cancelled`.
 */
export function runTrainingWorker(options: RunTrainingWorkerOptions): Promise<DoneEvent> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.python, ["-m", "flywheel_train"], {
      cwd: options.cwd,
      env: {
        ...process.env,
        PYTHONPATH: pythonSourceDirectory(),
        PYTHONUNBUFFERED: "1",
        HF_HUB_OFFLINE: "1",
        TRANSFORMERS_OFFLINE: "1",
        TOKENIZERS_PARALLELISM: "false",
        OMP_NUM_THREADS: String(options.request.threads),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let outcome: DoneEvent | undefined;
    let failure: { code: string; message: string } | undefined;
    let cancelled = false;
    const stderrTail: string[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return;
      }
      const parsed = workerEventSchema.safeParse(value);
      if (!parsed.success) return;
      const event = parsed.data;
      if (event.type === "done") outcome = event;
      else if (event.type === "error") failure = { code: event.code, message: redactSecrets(event.message) };
      else if (event.type === "cancelled") cancelled = true;
      options.onEvent?.(event);
    });
    createInterface({ input: child.stderr }).on("line", (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 30) stderrTail.shift();
      options.onStderr?.(line);
    });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      child.stdin.write(`${JSON.stringify({ type: "cancel" })}\n`);
      const grace = options.stopGraceMs ?? 30_000;
      killTimer = setTimeout(() => {
        child.kill("SIGTERM");
        killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      }, grace);
    };
    if (options.signal?.aborted === true) stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    child.on("error", (error) => reject(new TrainingWorkerError({ message: `cannot start the training worker: ${error.message}`, hint: "run `flywheel finetune setup` to (re)install the training environment" })));
    child.on("close", (code, signal) => {
      clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", stop);
      if (outcome !== undefined) resolve(outcome);
      else if (cancelled || options.signal?.aborted === true) reject(new CancelledError("training"));
      else if (failure !== undefined) reject(new TrainingWorkerError({ code: failure.code === "out-of-memory" ? "training-out-of-memory" : "training-failed", message: `training failed: ${failure.message}` }));
      else {
        const last = stderrTail.filter((line) => line.trim() !== "").at(-1) ?? "no output";
        reject(
          new TrainingWorkerError({
            code: "training-worker-crashed",
            message: `the training worker stopped unexpectedly (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`}): ${redactSecrets(last).slice(0, 200)}`,
            hint: "see `flywheel finetune logs <job>`; a kill by signal often means the machine ran out of memory",
          }),
        );
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.write(`${JSON.stringify(options.request)}\n`);
  });
}
