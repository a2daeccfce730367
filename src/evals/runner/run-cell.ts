// Each cell is a trace of its own (ROOT_CONTEXT), whatever span was active when the run started.
import { ROOT_CONTEXT, SpanStatusCode } from "@opentelemetry/api";
import type { Span } from "@opentelemetry/api";
import { CancelledError, toFlywheelError } from "../../errors/index.js";
import { EvalAttributes, FlywheelAttributes, recordSpanError } from "../../traces/index.js";
import type { Tracing } from "../../traces/index.js";
import type { AssertionServices } from "../assertions/assertion-types.js";
import { runAssertions } from "../assertions/run-assertions.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import type { EvalTarget, EvalTargetOutput } from "../targets/eval-target.js";
import type { CellResult, CellStatus } from "./cell-result.js";
import { renderVariantPrompt } from "./render-variant-prompt.js";
import { transformCellOutput } from "./transform-cell-output.js";
import { transformCellVars } from "./transform-cell-vars.js";
import { conversationKey, usesConversation } from "../templates/index.js";
import type { Conversations } from "../templates/index.js";

/** What every cell of a run shares. */
export interface CellContext {
  suite: EvalSuite;
  runId: string;
  tracing: Tracing;
  services: AssertionServices;
  /** The target of each variant, or why it could not be built. */
  targets: (EvalTarget | Error)[];
  cache: boolean;
  signal: AbortSignal;
  /** Outputs kept by tests with `storeOutputAs`, by var name; later cells render with them. */
  stored: Record<string, unknown>;
  /** promptfoo's `_conversation` histories, when a prompt reads them. */
  conversations?: Conversations;
}

/** Which cell to run. */
export interface PlannedCell {
  testIndex: number;
  variantIndex: number;
  repeatIndex: number;
}

/**
 * Runs one cell inside its own trace (`eval <variant>`, kind `eval`): renders the
 * prompt, calls the target, runs the assertions. Anything that goes wrong becomes an
 * `error` cell with a message; only cancellation throws.
 */
export function runCell(context: CellContext, planned: PlannedCell): Promise<CellResult> {
  const { suite } = context;
  const test = suite.tests[planned.testIndex]!;
  const variant = suite.variants[planned.variantIndex]!;
  const version = variant.promptIndex === undefined ? undefined : suite.prompts[variant.promptIndex];
  const attributes = {
    ...(version === undefined ? {} : { [FlywheelAttributes.promptName]: version.promptFile?.name ?? version.label, [FlywheelAttributes.promptHash]: version.hash }),
    [FlywheelAttributes.spanKind]: "eval",
    [EvalAttributes.runId]: context.runId,
    [EvalAttributes.testIndex]: planned.testIndex,
    [EvalAttributes.variant]: variant.label,
    [EvalAttributes.repeat]: planned.repeatIndex,
    ...(test.description === undefined ? {} : { [EvalAttributes.test]: test.description }),
  };
  return context.tracing.tracer.startActiveSpan(`eval ${variant.label}`, { attributes }, ROOT_CONTEXT, async (span): Promise<CellResult> => {
    const base = { ...planned, traceId: span.spanContext().traceId };
    let prompt: string | undefined;
    try {
      const target = context.targets[planned.variantIndex]!;
      if (target instanceof Error) throw target;
      const suitePrompt = variant.promptIndex === undefined ? undefined : suite.prompts[variant.promptIndex];
      const vars = await transformCellVars(test, context.stored, context.services);
      const conversation = context.conversations !== undefined && suitePrompt !== undefined && usesConversation(suitePrompt.template) ? conversationKey(planned.variantIndex, test.metadata?.conversationId) : undefined;
      const rendered = await renderVariantPrompt(suitePrompt, conversation === undefined ? vars : context.conversations!.vars(conversation, vars), context.services.templates);
      prompt = rendered?.messages === undefined ? rendered?.text : JSON.stringify(rendered.messages);
      if (prompt !== undefined) span.setAttribute(FlywheelAttributes.input, prompt);
      const started = performance.now();
      const produced: EvalTargetOutput = await target.call({ vars, prompt: rendered, test: { index: test.index, description: test.description, metadata: test.metadata }, repeat: planned.repeatIndex, parameters: test.parameters }, { signal: context.signal, cache: context.cache });
      const latencyMs = performance.now() - started;
      const targetSpec = suite.targets[variant.targetIndex]!;
      const { output, targetOutput } = await transformCellOutput({ output: produced.output, target: targetSpec, test, vars, prompt: suitePrompt, metadata: produced.metadata, services: context.services });
      if (conversation !== undefined) context.conversations!.record(conversation, rendered, output);
      const outputText = typeof output === "string" ? output : (JSON.stringify(output) ?? "");
      span.setAttribute(FlywheelAttributes.output, outputText);
      const graded = await runAssertions(test.assert, {
        output,
        outputText,
        targetOutput,
        vars,
        prompt: rendered?.text,
        latencyMs,
        costUsd: produced.costUsd,
        cached: produced.cached === true,
        context: produced.context,
        trajectory: produced.trajectory,
        metadata: produced.metadata,
        test,
        services: context.services,
      }, test.threshold);
      // promptfoo keeps only a truthy output (an empty string is not stored).
      if (test.storeOutputAs !== undefined && Boolean(output)) context.stored[test.storeOutputAs] = output;
      const status: CellStatus = graded.error ? "error" : graded.pass ? "pass" : "fail";
      finishSpan(span, status, graded.score, graded.error ? graded.reason : undefined);
      return {
        ...base,
        status,
        pass: status === "pass",
        score: graded.score,
        reason: graded.reason,
        output: outputText,
        prompt,
        ...(graded.error ? { error: graded.reason } : {}),
        assertions: graded.assertions,
        namedScores: graded.namedScores,
        namedScoreWeights: graded.namedScoreWeights,
        latencyMs,
        costUsd: produced.costUsd,
        tokens: produced.tokenUsage,
        cached: produced.cached === true,
      };
    } catch (error) {
      if (context.signal.aborted) {
        recordSpanError(span, new CancelledError("the cell"));
        span.end();
        throw new CancelledError("the eval run");
      }
      const message = toFlywheelError(error).message;
      recordSpanError(span, error);
      span.setAttribute(EvalAttributes.status, "error");
      span.end();
      return { ...base, status: "error", pass: false, score: 0, reason: message, error: message, output: "", prompt, assertions: [], namedScores: {}, latencyMs: 0, cached: false };
    }
  });
}

function finishSpan(span: Span, status: string, score: number, error: string | undefined): void {
  span.setAttribute(EvalAttributes.status, status);
  span.setAttribute(EvalAttributes.score, score);
  if (error === undefined) span.setStatus({ code: SpanStatusCode.OK });
  else span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}
