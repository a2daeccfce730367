import type { ModelMessage } from "ai";
import { UsageError } from "../errors/index.js";
import { promptTraceLabels, recordPromptVersion, resolvePromptReferenceCached, runPrompt } from "../prompts/index.js";
import type { RunPromptResult } from "../prompts/index.js";
import type { Flywheel } from "../runtime/index.js";
import { withTraceLabels } from "../traces/index.js";
import type { ExperimentAssigner, ExperimentAssignment } from "./experiment-assigner.js";

/** Options for `Experiment.run`. */
export interface ExperimentRunOptions {
  /** The user or session id the experiment assigns by (a `request` experiment draws its own). */
  unit?: string;
  /** Values for the variant's prompt file's `{{variables}}`. */
  vars?: Record<string, unknown>;
  /** The user's message, for a variant that names no prompt file. */
  prompt?: string;
  /** A whole conversation, for a variant that names no prompt file. */
  messages?: ModelMessage[];
  /** Called with each piece of text as it streams in. */
  onText?: (delta: string) => void;
  /** Cancels the call; the text received so far is kept in the result and the trace. */
  abortSignal?: AbortSignal;
}

/** What an experiment's call produced: the prompt run's result and the variant that ran. */
export interface ExperimentRunResult extends RunPromptResult {
  /** The variant the unit was assigned. */
  variant: string;
  /** The unit assigned (a fresh id for a `request` experiment). */
  unit: string;
}

/** One declared experiment, ready to assign units and run their variants. */
export interface Experiment {
  readonly name: string;
  /** The variant `unit` gets now: sticky while the experiment runs, the winner once shipped, the control once stopped. */
  variantFor(unit?: string): Promise<ExperimentAssignment>;
  /** Assigns the unit and runs its variant (prompt version, model, parameters), the trace labelled with the experiment, variant and unit. */
  run(options: ExperimentRunOptions): Promise<ExperimentRunResult>;
}

/** The experiment `name` of the runtime's config (see `flywheel.experiment`). */
export function createExperimentHandle(flywheel: Flywheel, assigner: ExperimentAssigner, name: string): Experiment {
  const variantFor = (unit?: string) => assigner.assign(name, { unit, missingUnitHint: "pass the user's or session's id as `unit`" });
  return {
    name,
    variantFor,
    async run(options) {
      const assignment = await variantFor(options.unit);
      const { settings, variant, unit } = assignment;
      const file = settings.prompt === undefined ? undefined : await resolvePromptReferenceCached(flywheel, settings.prompt);
      if (file === undefined && options.prompt === undefined && options.messages === undefined) {
        throw new UsageError(`variant "${variant}" of experiment "${name}" names no prompt, and the call gave none`, `pass \`prompt\` or \`messages\`, or set experiments.${name}.variants.${variant}.prompt`);
      }
      if (file !== undefined) await recordPromptVersion(flywheel.store, file);
      const labels = { ...(file === undefined ? {} : promptTraceLabels(file)), experiment: { name, variant, unit } };
      const result = await withTraceLabels(labels, () =>
        runPrompt(flywheel, {
          promptFile: file,
          vars: options.vars,
          prompt: options.prompt,
          messages: options.messages,
          model: settings.model,
          temperature: settings.temperature,
          maxTokens: settings.maxTokens,
          topP: settings.topP,
          seed: settings.seed,
          onText: options.onText,
          abortSignal: options.abortSignal,
        }),
      );
      return { ...result, variant, unit };
    },
  };
}
