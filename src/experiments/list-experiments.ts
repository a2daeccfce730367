import type { FlywheelConfig } from "../config/index.js";
import type { ExperimentState, Store } from "../store/index.js";

/** One line of `flywheel experiments list`. */
export interface ExperimentListing {
  name: string;
  description?: string;
  /** `running` for a declared one that has not been shipped or stopped (even before its first call). */
  status: ExperimentState["status"];
  winner: string | null;
  /** Declared in the config (false: only stored, its declaration removed since). */
  declared: boolean;
  metric: string | null;
  /** Finished calls so far, by variant. */
  calls: Record<string, number>;
  /** Epoch ms of its first call, null before it ran. */
  startedAt: number | null;
  endedAt: number | null;
}

/** The experiments declared in the config and those the store knows, declared ones first. */
export async function listExperiments(runtime: { config: FlywheelConfig; store: Store }): Promise<ExperimentListing[]> {
  const stored = new Map((await runtime.store.experiments.list()).map((state) => [state.name, state]));
  const names = [...new Set([...Object.keys(runtime.config.experiments), ...stored.keys()])];
  return Promise.all(
    names.map(async (name) => {
      const declared = Object.hasOwn(runtime.config.experiments, name) ? runtime.config.experiments[name] : undefined;
      const state = stored.get(name);
      const calls: Record<string, number> = Object.fromEntries(Object.keys(declared?.variants ?? {}).map((variant) => [variant, 0]));
      for (const sample of await runtime.store.experiments.samples(name)) calls[sample.variant] = (calls[sample.variant] ?? 0) + 1;
      return {
        name,
        ...(declared?.description === undefined ? {} : { description: declared.description }),
        status: state?.status ?? "running",
        winner: state?.winner ?? null,
        declared: declared !== undefined,
        metric: declared?.metric ?? null,
        calls,
        startedAt: state?.startedAt ?? null,
        endedAt: state?.endedAt ?? null,
      };
    }),
  );
}
