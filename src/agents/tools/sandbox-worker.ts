// Runs inside the child process that `run_js` starts: reads one job as JSON from stdin,
// evaluates the code in a QuickJS interpreter (WebAssembly) that has no file, network or
// process API, with a memory limit and a deadline, and writes one JSON line to stdout.
// The parent kills this process if it outlives its time limit.
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from "quickjs-emscripten";
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";

interface Job {
  code: string;
  timeoutMs: number;
  memoryBytes: number;
  maxOutputChars: number;
}

type Outcome = { ok: true; result: string; logs: string } | { ok: false; reason: "timeout" | "memory" | "error"; message: string; logs: string };

async function readJob(): Promise<Job> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Job;
}

async function runJob(job: Job): Promise<Outcome> {
  // The interpreter's whole memory is one WebAssembly memory, which may otherwise grow to 2 GB
  // whatever QuickJS counts: its maximum is the real cap (the interpreter's own 16 MB start,
  // plus the limit, plus room for the allocator's bookkeeping).
  const page = 65_536;
  const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: 256 + Math.ceil((job.memoryBytes * 1.125) / page) });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(job.memoryBytes);
  runtime.setMaxStackSize(1024 * 1024);
  const deadline = Date.now() + job.timeoutMs;
  let timedOut = false;
  runtime.setInterruptHandler(() => (timedOut = Date.now() > deadline));
  const context = runtime.newContext();
  let logs = "";
  const log = context.newFunction("log", (...args) => {
    const line = args.map((arg) => String(context.dump(arg) as unknown)).join(" ");
    if (logs.length < job.maxOutputChars) logs += `${line}\n`;
  });
  const consoleObject = context.newObject();
  context.setProp(consoleObject, "log", log);
  context.setProp(consoleObject, "error", log);
  context.setProp(context.global, "console", consoleObject);
  log.dispose();
  consoleObject.dispose();
  try {
    const evaluated = context.evalCode(job.code, "agent.js");
    // Promise jobs (then-callbacks, async functions, dynamic import) run only when asked:
    // run them all, within the deadline, and settle a returned promise to its value.
    const settled = evaluated.error ? evaluated : settle(context, evaluated.value, () => (timedOut = Date.now() > deadline));
    if (settled.error) {
      const error = context.dump(settled.error) as { name?: string; message?: string } | string;
      settled.error.dispose();
      const message = typeof error === "object" && error !== null ? `${error.name ?? "Error"}: ${error.message ?? ""}` : String(error);
      if (timedOut) return { ok: false, reason: "timeout", message: `the code ran past its ${job.timeoutMs} ms time limit`, logs };
      // QuickJS throws `null` when it cannot even allocate the out-of-memory error.
      if (error === null || error === undefined || /out of memory/i.test(message)) return { ok: false, reason: "memory", message: `the code used more than its ${Math.round(job.memoryBytes / 1048576)} MB memory limit`, logs };
      return { ok: false, reason: "error", message, logs };
    }
    const result = stringify(context, settled.value);
    settled.value.dispose();
    return { ok: true, result, logs };
  } finally {
    // Jobs cut off by the deadline still hold objects, and freeing the runtime under them
    // aborts QuickJS; the process ends right after this run anyway.
    if (!runtime.hasPendingJob()) {
      context.dispose();
      runtime.dispose();
    }
  }
}

/** Runs every pending promise job, then unwraps `value` if it is a promise (a promise still pending is an error). */
function settle(context: QuickJSContext, value: QuickJSHandle, expired: () => boolean): { error: QuickJSHandle; value?: undefined } | { error?: undefined; value: QuickJSHandle } {
  for (;;) {
    if (expired()) {
      value.dispose();
      return { error: context.newError("interrupted") };
    }
    const ran = context.runtime.executePendingJobs(1000);
    if (ran.error) {
      value.dispose();
      return { error: ran.error };
    }
    if (ran.value === 0) break;
  }
  const state = context.getPromiseState(value);
  if (state.type === "fulfilled") {
    if (state.notAPromise === true) return { value };
    value.dispose();
    return { value: state.value };
  }
  value.dispose();
  if (state.type === "rejected") return { error: state.error };
  return { error: context.newError("the code returned a promise that never settled") };
}

/** The value as JSON text, or its string form when JSON cannot express it. */
function stringify(context: QuickJSContext, value: QuickJSHandle): string {
  const json = context.getProp(context.global, "JSON");
  const stringifyFunction = context.getProp(json, "stringify");
  const text = context.callFunction(stringifyFunction, json, value);
  let result: string;
  if (!text.error) {
    const dumped: unknown = context.dump(text.value);
    result = typeof dumped === "string" ? dumped : "undefined";
    text.value.dispose();
  } else {
    text.error.dispose();
    result = String(context.dump(value) as unknown);
  }
  stringifyFunction.dispose();
  json.dispose();
  return result;
}

const job = await readJob();
let outcome: Outcome;
try {
  outcome = await runJob(job);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  outcome = /memory/i.test(message) ? { ok: false, reason: "memory", message: `the code used more than its memory limit`, logs: "" } : { ok: false, reason: "error", message, logs: "" };
}
process.stdout.write(`${JSON.stringify(outcome)}\n`);
