import { generateText } from "ai";
import type { ModelMessage } from "ai";
import { costOf } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { ModelParameters } from "../suite/eval-suite.js";
import type { EvalTarget } from "./eval-target.js";
import { modelCallSettings } from "./model-call-settings.js";
import { promptfooOpenAiOutput } from "./promptfoo-openai-output.js";

/** Options for `modelTarget`. */
export interface ModelTargetOptions {
  flywheel: Flywheel;
  /** Stable id of the target as written. */
  id: string;
  label?: string;
  /** Flywheel model id. */
  modelId: string;
  /** Parameters sent with every call. */
  parameters: ModelParameters;
}

/**
 * A prompt on a model from the registry: the rendered prompt (or chat messages) goes to
 * `generateText` with the variant's parameters and the test's over them. Retries happen
 * once, in the model layer (`maxRetries: 0` here); the response cache is asked for with
 * `providerOptions.flywheel.cache`.
 */
export function modelTarget(options: ModelTargetOptions): EvalTarget {
  const { flywheel, modelId } = options;
  return {
    id: options.id,
    label: options.label,
    async call(input, callOptions) {
      const parameters = { ...options.parameters, ...input.parameters };
      const prompt = input.prompt;
      const system = [parameters.system, prompt?.system].filter((part) => part !== undefined && part !== "").join("\n\n") || undefined;
      // System messages of a chat prompt come from the suite's author, so they are sent where they stand.
      const conversation = prompt?.messages === undefined ? { prompt: prompt?.text ?? "" } : { messages: prompt.messages as ModelMessage[], allowSystemInMessages: true };
      const { openai, ...settings } = modelCallSettings(parameters, modelId);
      const result = await generateText({
        model: flywheel.model(modelId),
        ...conversation,
        system,
        temperature: parameters.temperature,
        maxOutputTokens: parameters.maxTokens,
        topP: parameters.topP,
        topK: parameters.topK,
        seed: parameters.seed,
        stopSequences: parameters.stopSequences,
        presencePenalty: parameters.presencePenalty,
        frequencyPenalty: parameters.frequencyPenalty,
        ...settings,
        maxRetries: 0,
        abortSignal: callOptions.signal,
        // A repeat gets its own cache entry (the extra key changes the cache key, not the request).
        providerOptions: { flywheel: { cache: callOptions.cache }, openai, ...(input.repeat > 0 ? { flywheelRepeat: { index: input.repeat } } : {}) },
      });
      const cached = result.providerMetadata?.flywheel?.cacheHit === true;
      const usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
      return {
        output: promptfooOpenAiOutput(result, parameters),
        tokenUsage: { input: usage.inputTokens, output: usage.outputTokens },
        costUsd: cached ? 0 : costOf(flywheel.models.info(modelId), usage),
        cached,
        metadata: { finishReason: result.finishReason, model: modelId, ...(parameters.tools === undefined ? {} : { functions: parameters.tools }) },
      };
    },
  };
}
