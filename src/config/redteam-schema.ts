import { z } from "zod";

/** The `redteam` section of the config file: defaults of `flywheel redteam`. */
export const redteamConfigSchema = z
  .object({
    /** Model that paraphrases attack templates and drives multi-turn escalation, or `none` for templates as written (default local:default). */
    attacker: z.string().min(1).default("local:default"),
    /** Attacks per plugin and strategy (default 2). */
    attacksPerCell: z.number().int().min(1).max(100).default(2),
    /** Plugin ids run when none are named (default: every plugin that applies). */
    plugins: z.array(z.string().min(1)).optional(),
    /** Strategy ids run when none are named (default: every strategy). */
    strategies: z.array(z.string().min(1)).optional(),
    /** Seed of template choice, paraphrase and dressing (default 1). */
    seed: z.number().int().min(0).default(1),
    /** Attacks run at once (default 4). */
    concurrency: z.number().int().min(1).max(64).default(4),
  })
  .strict();

/** The `redteam` config section, defaults applied. */
export type RedteamConfig = z.output<typeof redteamConfigSchema>;
