import { httpTarget } from "../../evals/targets/http-target.js";
import type { Flywheel } from "../../runtime/index.js";
import { TargetUnreachableError } from "../redteam-errors.js";
import type { RedteamTarget, TargetInput } from "../redteam-types.js";
import { conversationText } from "./conversation-text.js";

/**
 * An HTTP endpoint as a target, sent as the evals' http target sends it: POST `{"prompt": …}`
 * with the attack (earlier turns as context) and the JSON or text reply as the output. The
 * endpoint is probed once when opened, so an unreachable one stops the run before any attack.
 */
export async function openHttpTarget(flywheel: Flywheel, reference: string): Promise<RedteamTarget> {
  await fetch(reference, { method: "HEAD", signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
    const cause = (error as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }).cause;
    const why = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new TargetUnreachableError(reference, why, "start the service, or check the URL");
  });
  const { requests } = flywheel.config;
  const target = httpTarget({
    spec: { kind: "http", id: reference, label: reference, url: reference, method: "POST", headers: { "content-type": "application/json" }, body: { prompt: "{{prompt}}" }, queryParams: {}, transformResponse: undefined },
    env: flywheel.config.env,
    retry: { timeoutMs: requests.timeoutMs, maxRetries: requests.maxRetries, initialRetryDelayMs: requests.initialRetryDelayMs, maxTotalMs: requests.maxTotalMs },
  });
  return {
    info: { kind: "http", id: reference, label: new URL(reference).host, tools: [], systemPrompt: false, ownSecrets: [] },
    async run(input: TargetInput, { signal }) {
      const started = Date.now();
      const text = conversationText(input.messages) + (input.plant === undefined ? "" : `\n\n---\n${input.plant.text}`);
      const result = await target.call({ vars: { prompt: text }, prompt: { text, label: "attack" }, test: { index: 0 }, repeat: 0 }, { signal, cache: false });
      const output = typeof result.output === "string" ? result.output : JSON.stringify(result.output);
      return { output, transcript: [...input.messages, { role: "assistant", content: output }], toolCalls: [], costUsd: 0, tokens: 0, durationMs: Date.now() - started };
    },
    async close() {
      await target.close?.();
    },
  };
}
