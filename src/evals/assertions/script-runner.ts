import { JavascriptPool } from "./javascript-pool.js";
import type { JavascriptJob } from "./javascript-pool.js";
import { runPython } from "./python-process.js";
import type { PythonJob } from "./python-process.js";

/** Runs javascript and python assertion code outside the main thread, with time limits. */
export interface ScriptRunner {
  /** Evaluates javascript in a worker thread. */
  javascript(job: JavascriptJob): Promise<unknown>;
  /** Evaluates python in a subprocess. */
  python(job: PythonJob): Promise<unknown>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Creates a runner whose worker threads start on first use. */
export function createScriptRunner(options: { workers?: number } = {}): ScriptRunner {
  let pool: JavascriptPool | undefined;
  return {
    javascript(job) {
      pool ??= new JavascriptPool({ size: options.workers ?? 2, workerData: { jitiUrl: import.meta.resolve("jiti") } });
      return pool.run(job);
    },
    python: (job) => runPython(job),
    async close() {
      await pool?.close();
    },
  };
}
