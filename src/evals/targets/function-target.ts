import { ConfigError, FlywheelError } from "../../errors/index.js";
import { importModule } from "../suite/read-structured-file.js";
import type { EvalTarget, EvalTargetOutput } from "./eval-target.js";

/** A promptfoo custom provider's reply. */
interface ProviderResponse {
  output?: unknown;
  error?: string;
  tokenUsage?: { prompt?: number; completion?: number; total?: number };
  cost?: number;
  cached?: boolean;
  metadata?: Record<string, unknown>;
}

type CallApi = (prompt: string, context: Record<string, unknown>, options?: Record<string, unknown>) => unknown;

/** Options for `functionTarget`. */
export interface FunctionTargetOptions {
  id: string;
  label?: string;
  /** Absolute path of a JS/TS module. */
  file: string;
  /** Export to use (default: the default export). */
  exportName?: string;
  /** Passed to a provider class as `new Provider({ id, config })`. */
  config: Record<string, unknown>;
}

/**
 * A JS/TS module as a target, in promptfoo's custom-provider shape: a class with
 * `callApi(prompt, context)`, an object with `callApi`, or a plain function
 * `(prompt, context) => output | { output, error, tokenUsage, cost }`. `context.vars`
 * holds the test's vars. The module is the user's own code and runs in this process.
 */
export function functionTarget(options: FunctionTargetOptions): EvalTarget {
  let loaded: Promise<CallApi> | undefined;
  const load = async (): Promise<CallApi> => {
    const exported = await importModule(options.file, options.exportName);
    if (typeof exported === "function" && typeof (exported as { prototype?: { callApi?: unknown } }).prototype?.callApi === "function") {
      const Provider = exported as new (settings: { id: string; config: Record<string, unknown> }) => { callApi: CallApi };
      const instance = new Provider({ id: options.id, config: options.config });
      return instance.callApi.bind(instance);
    }
    if (typeof exported === "object" && exported !== null && typeof (exported as { callApi?: unknown }).callApi === "function") {
      const provider = exported as { callApi: CallApi };
      return provider.callApi.bind(provider);
    }
    if (typeof exported === "function") return exported as CallApi;
    throw new ConfigError({ file: options.file, key: options.exportName ?? "default export", found: typeof exported, expected: "a provider class with callApi, or a function (prompt, context) => output" });
  };
  return {
    id: options.id,
    label: options.label,
    async call(input) {
      loaded ??= load();
      const callApi = await loaded;
      const reply = await callApi(input.prompt?.text ?? "", { vars: input.vars, prompt: { raw: input.prompt?.text ?? "", label: input.prompt?.label ?? "" }, test: input.test });
      return toOutput(reply, options.id);
    },
  };
}

function toOutput(reply: unknown, id: string): EvalTargetOutput {
  if (typeof reply !== "object" || reply === null || !("output" in reply || "error" in reply)) return { output: reply };
  const response = reply as ProviderResponse;
  if (response.error !== undefined && response.error !== "") {
    throw new FlywheelError({ code: "target-failed", message: `${id}: ${response.error}`, hint: "the custom provider returned an error" });
  }
  return {
    output: response.output ?? "",
    tokenUsage: response.tokenUsage === undefined ? undefined : { input: response.tokenUsage.prompt, output: response.tokenUsage.completion },
    costUsd: response.cost,
    cached: response.cached,
    metadata: response.metadata,
  };
}
