import { Worker } from "node:worker_threads";
import { CancelledError } from "../../errors/index.js";
import { javascriptWorkerSource } from "./javascript-worker-source.js";
import { ScriptThrewError, ScriptTimeoutError } from "./script-errors.js";

/** One javascript assertion to evaluate. */
export interface JavascriptJob {
  /** Inline code: an expression, `const x = ...; expr`, or a multi-line function body. */
  code?: string;
  /** A module whose export is `(output, context) => result`. */
  file?: string;
  /** Export name (default: the default export). */
  functionName?: string;
  /**
   * The job is a promptfoo transform: inline code is `return <code>` when it is one line, a
   * function body otherwise, with its first parameter named `parameter`; a file's function is
   * found by promptfoo's rule for transforms.
   */
  transform?: { parameter: "output" | "vars" };
  output: unknown;
  context: unknown;
  timeoutMs: number;
}

/** What any job of a pool carries. */
export interface PoolJob {
  timeoutMs: number;
}

/** Options for a `JavascriptPool`. */
export interface JavascriptPoolOptions {
  /** Most worker threads at once. */
  size: number;
  /** Passed to each worker as `workerData` (javascript assertions: `{ jitiUrl }`). */
  workerData: Record<string, unknown>;
  /** The worker's source (default: the javascript assertion worker). */
  source?: string;
  /** What a job is, in errors (default "javascript assertion"). */
  subject?: string;
}

interface Pending<Job> {
  job: Job & { id: number };
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot<Job> {
  worker: Worker;
  busy: Pending<Job> | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A small pool of worker threads for user code (javascript assertions by default; the
 * worker source is an option). A job that overruns its time limit (an endless loop, a
 * promise that never settles) gets its worker terminated and replaced, so one bad job
 * never hangs the run.
 */
export class JavascriptPool<Job extends PoolJob = JavascriptJob> {
  private readonly slots: Slot<Job>[] = [];
  private readonly queue: Pending<Job>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: JavascriptPoolOptions) {}

  /** Runs a job; resolves to what the code returned (as JSON data). */
  run(job: Job): Promise<unknown> {
    // An invariant: the runner closes the pool only after its last cell. A break reaches the user as `internal`.
    if (this.closed) return Promise.reject(new Error(`invariant broken: the ${this.subject} pool is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new CancelledError(`the ${this.subject}`));
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot)));
  }

  private get subject(): string {
    return this.options.subject ?? "javascript assertion";
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.busy === undefined);
      if (slot === undefined && this.slots.length < this.options.size) slot = this.spawn();
      if (slot === undefined) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.timer = setTimeout(() => this.timeout(slot), pending.job.timeoutMs + 100);
      slot.worker.postMessage(pending.job);
    }
  }

  private spawn(): Slot<Job> {
    const worker = new Worker(this.options.source ?? javascriptWorkerSource, { eval: true, workerData: this.options.workerData, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    const slot: Slot<Job> = { worker, busy: undefined, timer: undefined };
    worker.on("message", (message: { id: number; ok: boolean; result?: unknown; timedOut?: boolean; message?: string }) => {
      const pending = slot.busy;
      if (pending === undefined || pending.job.id !== message.id) return;
      this.finish(slot);
      if (message.ok) pending.resolve(message.result);
      else if (message.timedOut) pending.reject(new ScriptTimeoutError(this.subject, pending.job.timeoutMs));
      else pending.reject(new ScriptThrewError(message.message ?? "the code threw"));
      this.dispatch();
    });
    worker.on("error", (error) => this.fail(slot, new ScriptThrewError(`the ${this.subject} worker failed: ${error.message}`)));
    worker.on("exit", () => this.fail(slot, new ScriptThrewError(`the ${this.subject} worker stopped`)));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot<Job>): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.busy = undefined;
  }

  private timeout(slot: Slot<Job>): void {
    const pending = slot.busy;
    this.replace(slot);
    pending?.reject(new ScriptTimeoutError(this.subject, pending.job.timeoutMs));
  }

  private fail(slot: Slot<Job>, error: Error): void {
    const pending = slot.busy;
    if (!this.slots.includes(slot)) return;
    this.replace(slot);
    pending?.reject(error);
  }

  private replace(slot: Slot<Job>): void {
    this.finish(slot);
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    void this.stop(slot);
    if (!this.closed) this.dispatch();
  }

  private async stop(slot: Slot<Job>): Promise<void> {
    slot.worker.removeAllListeners("exit");
    slot.worker.removeAllListeners("error");
    slot.worker.on("error", () => undefined);
    await slot.worker.terminate().catch(() => undefined);
  }
}
