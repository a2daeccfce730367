import { createHash } from "node:crypto";
import { ROOT_CONTEXT } from "@opentelemetry/api";
import type { OnlineCheckSpec } from "../../config/index.js";
import { toFlywheelError } from "../../errors/index.js";
import type { ScriptRunner } from "../../evals/assertions/script-runner.js";
import type { TemplateRenderer } from "../../evals/templates/index.js";
import { costOf } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { redactSecrets } from "../../secrets/index.js";
import type { CheckResultRecord } from "../../store/index.js";
import { FlywheelAttributes } from "../../traces/index.js";
import type { OnlineCheck } from "./online-checks-for.js";

/** A finished live call of a prompt, as the online checks see it. */
export interface LiveCall {
  traceId: string;
  /** The span check results attach to (the call's root span). */
  spanId: string;
  prompt: { name: string; hash: string; file?: string; checks: OnlineCheckSpec[] };
  /** The variables the prompt was rendered with. */
  vars: Record<string, unknown>;
  /** The rendered prompt (the user message), when there was one. */
  input?: string;
  output: string;
  latencyMs: number;
  costUsd?: number;
}

/** What the online checks have done since the runtime started. */
export interface OnlineCheckCounts {
  /** Checks that were due (sampled in) and queued to run. */
  scheduled: number;
  /** Checks that ran and stored a result (pass, fail or error). */
  finished: number;
  /** Checks left out by their sample rate. */
  skippedBySample: number;
  /** Model-graded checks left out because the prompt's daily budget was spent. */
  skippedByBudget: number;
  /** Calls whose checks were dropped because the queue was full. */
  dropped: number;
}

/** Online checks: run on live outputs after the response, never in its way. */
export interface OnlineChecks {
  /** Queues the checks that apply to a finished call and returns at once; never throws. */
  schedule(call: LiveCall): void;
  /** Waits up to `timeoutMs` for the queued checks; returns how many calls' checks are still unfinished. */
  drain(timeoutMs?: number): Promise<number>;
  /** Drains, then abandons what is left and takes no more; returns how many calls' checks were abandoned. */
  close(timeoutMs?: number): Promise<number>;
  readonly counts: OnlineCheckCounts;
}

/** Options of `createOnlineChecks`. */
export interface OnlineChecksOptions {
  /** Calls checked at once (default 2). */
  concurrency?: number;
  /** Calls waiting for their checks at most; more are dropped and counted (default 1,000). */
  maxQueued?: number;
  /** Time limit of one check (default 30 s). */
  timeoutMs?: number;
  /** Where warnings go (a bad check in config, a full queue); default: stderr. */
  onWarning?: (message: string) => void;
}

const DAY_MS = 86_400_000;

/**
 * The runtime's online checks. For each call of a prompt that has checks, each check is
 * sampled (deterministically from the span id and the check's name, so a re-run decides the
 * same), held to the prompt's daily budget when it calls a model, and run on a small queue
 * with the evals' assertion handlers. The result (pass, fail, or error when the check itself
 * failed) is stored on the call's span; a grader's calls are a trace of their own, `check <name>`.
 */
export function createOnlineChecks(flywheel: () => Flywheel, options: OnlineChecksOptions = {}): OnlineChecks {
  const concurrency = options.concurrency ?? 2;
  const maxQueued = options.maxQueued ?? 1000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const warn = options.onWarning ?? ((message: string) => void process.stderr.write(`warning: ${message}\n`));
  const counts: OnlineCheckCounts = { scheduled: 0, finished: 0, skippedBySample: 0, skippedByBudget: 0, dropped: 0 };
  const queue: (() => Promise<void>)[] = [];
  const warned = new Set<string>();
  const stopping = new AbortController();
  let active = 0;
  const idle: (() => void)[] = [];
  let tools: { scripts: ScriptRunner; templates: TemplateRenderer } | undefined;
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(message);
  };
  const pump = () => {
    while (active < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      active += 1;
      void job().finally(() => {
        active -= 1;
        pump();
        if (active === 0 && queue.length === 0) for (const resolve of idle.splice(0)) resolve();
      });
    }
  };

  const drain = async (limitMs = 10_000): Promise<number> => {
    if (active > 0 || queue.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((resolve) => idle.push(resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))]);
      clearTimeout(timer);
    }
    return active + queue.length;
  };

  const runOne = async (call: LiveCall, check: OnlineCheck): Promise<void> => {
    const runtime = flywheel();
    const record = (fields: Pick<CheckResultRecord, "status" | "score" | "reason" | "costUsd">) =>
      runtime.store.prompts.recordChecks([{ spanId: call.spanId, traceId: call.traceId, checkName: check.name, promptName: call.prompt.name, promptHash: call.prompt.hash, createdAt: Date.now(), ...fields }]);
    let spent = 0;
    try {
      if (check.modelGraded && (await runtime.store.prompts.checkSpendSince(call.prompt.name, Date.now() - DAY_MS)) >= check.budgetUsd) {
        counts.skippedByBudget += 1;
        warnOnce(`budget ${call.prompt.name}`, `online checks of prompt "${call.prompt.name}" spent their daily budget ($${check.budgetUsd}); model-graded checks pause until it frees up (raise prompts.checkBudgetUsd or the check's budgetUsd)`);
        return;
      }
      const graded = await withTimeout(timeoutMs, stopping.signal, (signal) =>
        runtime.tracing.tracer.startActiveSpan(`check ${check.name}`, { attributes: { [FlywheelAttributes.spanKind]: "check", [FlywheelAttributes.input]: `${call.prompt.name} ${call.traceId}` } }, ROOT_CONTEXT, async (span) => {
          try {
            return await grade(runtime, call, check, signal, (cost) => (spent += cost));
          } finally {
            span.end();
          }
        }),
      );
      await record({ status: graded.error ? "error" : graded.pass ? "pass" : "fail", score: graded.score, reason: redactSecrets(graded.reason), costUsd: spent });
    } catch (error) {
      await record({ status: "error", score: null, reason: redactSecrets(toFlywheelError(error).message), costUsd: spent }).catch((failure: unknown) =>
        warnOnce("store", `online check results could not be stored: ${toFlywheelError(failure).message}`),
      );
    } finally {
      counts.finished += 1;
    }
  };

  const grade = async (runtime: Flywheel, call: LiveCall, check: OnlineCheck, signal: AbortSignal, onCost: (usd: number) => void) => {
    const [{ runAssertions }, { createAssertionServices }, { createScriptRunner }, { createTemplateRenderer }, { defaultGrading }] = await Promise.all([
      import("../../evals/assertions/run-assertions.js"),
      import("../../evals/runner/assertion-services.js"),
      import("../../evals/assertions/script-runner.js"),
      import("../../evals/templates/index.js"),
      import("../../evals/suite/default-grading.js"),
    ]);
    tools ??= { scripts: createScriptRunner({ workers: 1 }), templates: createTemplateRenderer({ filters: {}, timeoutMs: 10_000 }) };
    const grading = defaultGrading(runtime.config);
    const services = createAssertionServices({
      flywheel: runtime,
      baseDir: runtime.config.cwd,
      signal,
      scriptTimeoutMs: Math.min(timeoutMs, 10_000),
      grader: grading.grader,
      embedder: grading.embedder,
      ...(grading.jsonObject ? { jsonObjectGrader: grading.grader } : {}),
      cache: false,
      ...tools,
      onUsage: (modelId, usage) => onCost(costOf(runtime.models.info(modelId), usage) ?? 0),
    });
    const spec = { type: check.spec.type, value: check.spec.value, threshold: check.spec.threshold, ...(check.spec.provider === undefined ? {} : { provider: check.spec.provider }) };
    return runAssertions([spec], {
      output: call.output,
      outputText: call.output,
      vars: call.vars,
      prompt: call.input,
      latencyMs: call.latencyMs,
      costUsd: call.costUsd,
      cached: false,
      context: undefined,
      trajectory: undefined,
      metadata: undefined,
      test: { index: 0, vars: call.vars, assert: [spec] },
      services,
    });
  };

  return {
    counts,
    schedule(call) {
      if (!hasChecks(flywheel().config.prompts.checks, call.prompt)) return;
      if (queue.length >= maxQueued || stopping.signal.aborted) {
        counts.dropped += 1;
        warnOnce("queue", `online checks are falling behind: ${maxQueued} calls are waiting, so new ones go unchecked`);
        return;
      }
      queue.push(async () => {
        // The evals' registry loads with the first checked call, not with every runtime.
        const { onlineChecksFor } = await import("./online-checks-for.js");
        let checks: OnlineCheck[];
        try {
          checks = onlineChecksFor(flywheel().config, call.prompt);
        } catch (error) {
          warnOnce(`config ${call.prompt.hash}`, `online checks of prompt "${call.prompt.name}" are off: ${toFlywheelError(error).message}`);
          return;
        }
        for (const check of checks) {
          if (sampledOut(call.spanId, check)) {
            counts.skippedBySample += 1;
            continue;
          }
          counts.scheduled += 1;
          await runOne(call, check);
        }
      });
      pump();
    },
    drain,
    async close(limitMs = 10_000) {
      const unfinished = await drain(limitMs);
      queue.length = 0;
      stopping.abort();
      await Promise.all([tools?.scripts.close(), tools?.templates.close()]);
      tools = undefined;
      return unfinished;
    },
  };
}

function hasChecks(configured: Record<string, OnlineCheckSpec[]>, prompt: LiveCall["prompt"]): boolean {
  return prompt.checks.length > 0 || (configured["*"]?.length ?? 0) > 0 || (Object.hasOwn(configured, prompt.name) && configured[prompt.name]!.length > 0);
}

/** True when the check's sample rate leaves this call out: a fixed draw per span and check. */
function sampledOut(spanId: string, check: OnlineCheck): boolean {
  if (check.sampleRate >= 1) return false;
  const draw = createHash("sha256").update(`${spanId}\u0000${check.name}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw >= check.sampleRate;
}

/** Runs `work` with a signal that aborts after `ms` or when `outer` aborts; rejects on the timeout. */
async function withTimeout<T>(ms: number, outer: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.any([AbortSignal.timeout(ms), outer]);
  return Promise.race([
    work(signal),
    new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error(outer.aborted ? "stopped: the process is closing" : `timed out after ${ms} ms`)), { once: true })),
  ]);
}
