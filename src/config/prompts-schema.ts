import { z } from "zod";

/**
 * One online check: an assertion from the evals registry (`contains`, `is-json`,
 * `llm-rubric`, ...) run on a live output after the response has been returned, its score
 * stored on the call's span.
 */
export const onlineCheckSchema = z
  .object({
    /** An assertion type of the evals registry, e.g. `is-json`, `icontains`, `llm-rubric`. */
    type: z.string().min(1),
    /** The assertion's value (a string to look for, a rubric, a schema, ...). */
    value: z.unknown().optional(),
    /** Score at or above which the check passes (for scored assertions). */
    threshold: z.number().optional(),
    /** The check's name in reports and metrics (`check:<name>`); default: its type. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _, . and -")
      .optional(),
    /** Share of calls checked, 0..1 (default 1 for deterministic checks, 0.1 for model-graded ones). */
    sampleRate: z.number().min(0).max(1).optional(),
    /** Most US dollars a model-graded check spends per prompt per day (default `prompts.checkBudgetUsd`). */
    budgetUsd: z.number().nonnegative().optional(),
    /** The grader model of a model-graded check (default: the evals' default grader). */
    provider: z.string().min(1).optional(),
  })
  .strict();

/** An online check as declared. */
export type OnlineCheckSpec = z.infer<typeof onlineCheckSchema>;

/** The `prompts` section: where prompt files live, and the online checks run on their live outputs. */
export const promptsConfigSchema = z
  .object({
    /** Folder of `*.prompt.md` files that prompt references (`support`, `support@3f2a9c1b`) name (default prompts). */
    dir: z.string().min(1).default("prompts"),
    /** Online checks per prompt name; `"*"` applies to every prompt. Checks in a prompt's front matter add to these. */
    checks: z.record(z.string().min(1), z.array(onlineCheckSchema)).default(() => ({})),
    /** Most US dollars model-graded checks spend per prompt per day, unless a check sets its own (default 1). */
    checkBudgetUsd: z.number().nonnegative().default(1),
  })
  .strict();

/** The `prompts` section, defaults applied. */
export type PromptsConfig = z.infer<typeof promptsConfigSchema>;
