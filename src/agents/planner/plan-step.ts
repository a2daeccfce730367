import { generateText, Output } from "ai";
import type { z } from "zod";
import { costOf } from "../../models/index.js";
import { AgentAttributes, FlywheelAttributes, withSpan } from "../../traces/index.js";
import type { LoopContext } from "../loop/tool-loop.js";
import type { BudgetStop } from "../loop/budget-tracker.js";

const PLAN_OUTPUT_TOKENS = 800;

/** Options for `planStep`. */
export interface PlanStepOptions<SCHEMA extends z.ZodType> {
  /** Span name: `plan create` or `plan update`. */
  name: string;
  prompt: string;
  schema: SCHEMA;
  /** Text of the task list for the span's output, given the model's answer (or undefined when it failed). */
  describe: (value: z.infer<SCHEMA> | undefined) => string;
}

/**
 * One planning call: a model call that must answer with JSON matching `schema` (structured
 * output; a grammar on the embedded models). It counts as a step against the budgets and is
 * a `plan` span whose output is the task list. A reply that does not parse returns `undefined`.
 */
export async function planStep<SCHEMA extends z.ZodType>(context: LoopContext, options: PlanStepOptions<SCHEMA>): Promise<{ value: z.infer<SCHEMA> | undefined } | BudgetStop> {
  const spent = context.tracker.exhausted();
  if (spent !== undefined) return spent;
  const allowance = context.tracker.allowance(options.prompt.length + 1000, context.maxOutputTokens);
  if ("reason" in allowance) return allowance;
  context.tracker.steps += 1;
  return withSpan(context.tracer, options.name, { kind: "plan", attributes: { [FlywheelAttributes.input]: options.prompt } }, async (span) => {
    let value: z.infer<SCHEMA> | undefined;
    try {
      const result = await generateText({
        model: context.model,
        system: "You plan work for an agent. Answer with the JSON object asked for, nothing else.",
        prompt: options.prompt,
        output: Output.object({ schema: options.schema }),
        // A plan is short; the cap stops a runaway list.
        maxOutputTokens: Math.min(allowance.maxOutputTokens ?? PLAN_OUTPUT_TOKENS, PLAN_OUTPUT_TOKENS),
        temperature: context.temperature,
        abortSignal: context.signal,
        maxRetries: 0,
      });
      const usage = { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0, totalTokens: (result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0) };
      context.tracker.record(usage, costOf(context.modelInfo, usage));
      value = result.output as z.infer<SCHEMA>;
    } catch (error) {
      if (context.signal.aborted) throw error;
      span.setAttribute(AgentAttributes.planError, error instanceof Error ? error.message : String(error));
      value = undefined;
    }
    span.setAttribute(FlywheelAttributes.output, options.describe(value));
    return { value };
  });
}
