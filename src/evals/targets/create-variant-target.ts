import type { Flywheel } from "../../runtime/index.js";
import type { SuitePrompt, TargetSpec } from "../suite/eval-suite.js";
import { agentTarget } from "./agent-target.js";
import { echoTarget } from "./echo-target.js";
import type { EvalTarget } from "./eval-target.js";
import { functionTarget } from "./function-target.js";
import { httpTarget } from "./http-target.js";
import { modelTarget } from "./model-target.js";
import { ragTarget } from "./rag-target.js";
import { redteamTarget } from "./redteam-target.js";

/** The EvalTarget for one variant: a target spec with the prompt file's parameters under the target's own and the prompt's `config` over them. */
export function createVariantTarget(flywheel: Flywheel, spec: TargetSpec, prompt: SuitePrompt | undefined): EvalTarget {
  switch (spec.kind) {
    case "model":
      return modelTarget({ flywheel, id: spec.id, label: spec.label, modelId: spec.modelId, parameters: { ...prompt?.parameters, ...spec.parameters, ...prompt?.overrides } });
    case "echo":
      return echoTarget({ id: spec.id, label: spec.label });
    case "function":
      return functionTarget({ id: spec.id, label: spec.label, file: spec.file, exportName: spec.exportName, config: spec.config });
    case "http": {
      const { requests } = flywheel.config;
      return httpTarget({ spec, env: flywheel.config.env, retry: { timeoutMs: requests.timeoutMs, maxRetries: requests.maxRetries, initialRetryDelayMs: requests.initialRetryDelayMs, maxTotalMs: requests.maxTotalMs } });
    }
    case "custom":
      return spec.target;
    case "rag":
      return ragTarget(flywheel, spec);
    case "agent":
      return agentTarget(flywheel, spec);
    case "redteam":
      return redteamTarget(flywheel, spec);
  }
}
