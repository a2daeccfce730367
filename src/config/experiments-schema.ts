import { z } from "zod";

/** A metric an experiment is judged on: `feedback` (mean feedback score), `latency` (ms), `cost` (USD), `errors` (error rate) or `check:<name>` (an online check's pass rate). */
export const EXPERIMENT_METRIC_PATTERN = /^(feedback|latency|cost|errors|check:[A-Za-z0-9][A-Za-z0-9_.-]*)$/;

const metricSchema = z.string().regex(EXPERIMENT_METRIC_PATTERN, "a metric: feedback, latency, cost, errors or check:<name>");

/** One arm of an experiment: what differs from the others (a prompt version, a model, parameters). */
export const experimentVariantSchema = z
  .object({
    /** A prompt reference: a name from `prompts.dir`, `name@hash` for one version, or a `*.prompt.md` path. */
    prompt: z.string().min(1).optional(),
    /** Model id; default: the prompt's model, else the request's, else `defaultModel`. */
    model: z.string().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
    /** Share of units sent here. Give every variant a weight (summing to 1 or to 100) or none (equal shares). */
    weight: z.number().positive().optional(),
  })
  .strict();

/** A guardrail: a metric a variant must not make worse than the control by more than `maxWorse`. */
export const experimentGuardrailSchema = z
  .object({
    metric: metricSchema,
    /** The most a variant may be worse than the control, in the metric's units (ms, USD, rate 0..1, score 0..1). */
    maxWorse: z.number().nonnegative(),
  })
  .strict();

/** One experiment: variants, how units are assigned, and what decides it. The first variant is the control. */
export const experimentSchema = z
  .object({
    /** What the experiment tests, for people. */
    description: z.string().optional(),
    /** The arms, by name; the first is the control. */
    variants: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _, . and -"), experimentVariantSchema),
    /** What is assigned: a `user` and a `session` keep their variant; `request` draws anew each call (default user). */
    unit: z.enum(["user", "session", "request"]).default("user"),
    /** Mixed into the assignment hash; change it to reshuffle units (default: the experiment's name). */
    salt: z.string().min(1).optional(),
    /** The metric that decides the experiment (default feedback). */
    metric: metricSchema.default("feedback"),
    /** Metrics no variant may make worse by more than their limit. */
    guardrails: z.array(experimentGuardrailSchema).default(() => []),
    /** Error rate of the anytime-valid intervals (default 0.05). */
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** Samples each variant needs before a verdict to ship (default 100). */
    minSamples: z.number().int().positive().default(100),
  })
  .strict()
  .superRefine((experiment, context) => {
    const variants = Object.entries(experiment.variants);
    if (variants.length < 2) {
      context.addIssue({ code: "custom", path: ["variants"], input: variants.map(([name]) => name), message: "at least two variants (the first is the control)" });
      return;
    }
    const weights = variants.map(([, variant]) => variant.weight);
    const given = weights.filter((weight) => weight !== undefined);
    if (given.length === 0) return;
    // The message reads "expected <message>, found <input>": show the weights, not the whole experiment.
    const input = Object.fromEntries(variants.map(([name, variant]) => [name, variant.weight ?? null]));
    if (given.length !== weights.length) {
      context.addIssue({ code: "custom", path: ["variants"], input, message: "a weight on every variant, or on none for equal shares" });
      return;
    }
    const sum = given.reduce((total, weight) => total + weight, 0);
    if (Math.abs(sum - 1) > 1e-6 && Math.abs(sum - 100) > 1e-6) {
      context.addIssue({ code: "custom", path: ["variants"], input, message: `weights summing to 1 or to 100 (these sum to ${Number(sum.toFixed(6))})` });
    }
  });

/** One experiment as declared, defaults applied. */
export type ExperimentConfig = z.infer<typeof experimentSchema>;

/** The `experiments` section: experiments by name. */
export const experimentsConfigSchema = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _, . and -"), experimentSchema);
