import { randomUUID } from "node:crypto";
import type { ExperimentConfig, FlywheelConfig } from "../config/index.js";
import type { ExperimentState, Store } from "../store/index.js";
import { assignVariant } from "./assign-variant.js";
import { MissingUnitError, UnknownExperimentError } from "./experiment-errors.js";

/** What an experiment chose for one call. */
export interface ExperimentAssignment {
  /** The experiment's name. */
  experiment: string;
  /** The variant chosen: by the unit's hash while running, the winner once shipped, the control once stopped. */
  variant: string;
  /** The unit assigned: the given user or session id, or a fresh id for a `request` experiment. */
  unit: string;
  /** What the variant sets: prompt, model, parameters. */
  settings: ExperimentConfig["variants"][string];
}

/** Options for `ExperimentAssigner.assign`. */
export interface AssignOptions {
  /** The user or session id (a `request` experiment ignores it and draws a fresh id). */
  unit?: string;
  /** How the caller names a unit, for the error when it is missing. */
  missingUnitHint?: string;
}

/** Assigns units to experiments' variants, reading each experiment's state at most once per `stateTtlMs`. */
export interface ExperimentAssigner {
  assign(name: string, options?: AssignOptions): Promise<ExperimentAssignment>;
}

/** How long an experiment's state (running, shipped, stopped) is reused before it is read again: `experiments ship` in another process takes effect within this. */
export const EXPERIMENT_STATE_TTL_MS = 2_000;

interface CachedState {
  state: Promise<ExperimentState>;
  readAt: number;
}

/**
 * The assigner over the config's experiments and the store's experiment states. The first
 * call to an experiment in this process records it as started (`store.experiments.start`);
 * later calls cost no database round trip until the cached state is `stateTtlMs` old.
 */
export function createExperimentAssigner(options: { config: Pick<FlywheelConfig, "experiments">; store: Pick<Store, "experiments">; stateTtlMs?: number; now?: () => number }): ExperimentAssigner {
  const ttl = options.stateTtlMs ?? EXPERIMENT_STATE_TTL_MS;
  const now = options.now ?? Date.now;
  const states = new Map<string, CachedState>();
  const stateOf = (name: string): Promise<ExperimentState> => {
    const cached = states.get(name);
    const at = now();
    if (cached !== undefined && at - cached.readAt < ttl) return cached.state;
    const read = cached === undefined ? options.store.experiments.start(name, at) : options.store.experiments.state(name).then((state) => state ?? options.store.experiments.start(name, at));
    const entry = { state: read, readAt: at };
    states.set(name, entry);
    // A failed read is not cached: the next call tries again.
    read.catch(() => states.get(name) === entry && states.delete(name));
    return read;
  };
  return {
    async assign(name, assignOptions = {}) {
      const experiment = options.config.experiments[name];
      if (experiment === undefined) throw new UnknownExperimentError({ name, known: Object.keys(options.config.experiments) });
      const unit = experiment.unit === "request" ? randomUUID() : assignOptions.unit;
      if (unit === undefined || unit === "") {
        throw new MissingUnitError({ experiment: name, unit: experiment.unit as "user" | "session", hint: assignOptions.missingUnitHint ?? `pass the ${experiment.unit} id as \`unit\`` });
      }
      const state = await stateOf(name);
      const control = Object.keys(experiment.variants)[0]!;
      const variant =
        state.status === "shipped" && state.winner !== null && state.winner in experiment.variants
          ? state.winner
          : state.status === "stopped"
            ? control
            : assignVariant({ name, experiment, unit });
      return { experiment: name, variant, unit, settings: experiment.variants[variant]! };
    },
  };
}
