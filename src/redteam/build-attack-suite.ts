import type { SuiteFile } from "../evals/suite/suite-schema.js";
import type { Attack } from "./redteam-types.js";

/** What the suite of a run records besides its attacks. */
export interface AttackSuiteSettings {
  /** The attacked target reference. */
  target: string;
  seed: number;
  /** Attacker model for multi-turn escalation (undefined: fixed escalation lines). */
  attacker?: string;
  /** Model for prompt and rag targets. */
  model?: string;
  /** Grader model for the model-graded plugin. */
  grader?: string;
  concurrency?: number;
}

/**
 * The eval suite of a red-team run: one `redteam:<target>` provider and one test per attack,
 * graded by the `redteam` assertion (a pass is a blocked attack). Plain data, so it is also
 * what `--save-suite` writes and `flywheel eval -c` replays.
 */
export function buildAttackSuite(attacks: readonly Attack[], settings: AttackSuiteSettings): SuiteFile {
  return {
    description: `Red team of ${settings.target} (seed ${settings.seed}, ${attacks.length} attacks)`,
    providers: [
      {
        id: `redteam:${settings.target}`,
        config: { seed: settings.seed, ...(settings.attacker === undefined ? {} : { attacker: settings.attacker }), ...(settings.model === undefined ? {} : { model: settings.model }) },
      },
    ],
    ...(settings.grader === undefined ? {} : { grader: settings.grader }),
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
    // Attacks must reach the model: a cached answer would replay a past reply to a different port.
    cache: false,
    tests: attacks.map((attack) => ({
      description: `${attack.id}: ${attack.goal}`,
      vars: { attack: { ...attack } },
      assert: [{ type: "redteam" }],
      metadata: { plugin: attack.plugin, strategy: attack.strategy },
    })),
  };
}
