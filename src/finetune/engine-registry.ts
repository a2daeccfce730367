import { UsageError } from "../errors/index.js";
import { openaiEngine } from "./engines/hosted/hosted-engine.js";
import { localEngine } from "./engines/local/local-engine.js";
import type { FineTuneEngine } from "./finetune-engine.js";

const engines = new Map<string, FineTuneEngine>([
  [localEngine.name, localEngine],
  [openaiEngine.name, openaiEngine],
]);

/** Adds an engine (a hosted fine-tuning API) under its name. */
export function registerFineTuneEngine(engine: FineTuneEngine): void {
  engines.set(engine.name, engine);
}

/** The engine for `--engine <name>`. */
export function fineTuneEngine(name: string): FineTuneEngine {
  const engine = engines.get(name);
  if (engine === undefined) throw new UsageError(`unknown fine-tuning engine "${name}"`, `use one of ${[...engines.keys()].join(", ")}`);
  return engine;
}

/** Names of the registered engines. */
export function fineTuneEngineNames(): string[] {
  return [...engines.keys()];
}
