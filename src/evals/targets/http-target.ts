import { ModelCallError } from "../../errors/index.js";
import { callWithRetries } from "../../models/index.js";
import type { RetryPolicy } from "../../models/index.js";
import { renderTemplate } from "../../prompts/index.js";
import { registerHeaderSecrets } from "../../secrets/index.js";
import type { HttpTargetSpec } from "../suite/eval-suite.js";
import type { EvalTarget } from "./eval-target.js";
import { compileTransform } from "./transform-response.js";

/** Options for `httpTarget`. */
export interface HttpTargetOptions {
  spec: HttpTargetSpec;
  /** Time limits and retries: the same single retry layer model calls use. */
  retry: RetryPolicy;
  /** Environment for `{{env.NAME}}` in headers (API keys). */
  env?: Record<string, string | undefined>;
}

/**
 * An HTTP endpoint as a target (promptfoo's `http` provider): the URL, headers, query
 * parameters and body are `{{var}}` templates (with `{{prompt}}` the rendered prompt;
 * object bodies are rendered leaf by leaf and sent as JSON), and `transformResponse`
 * picks the output from the reply (`json`, `text`). Without it the output is the JSON
 * reply, or the text. 429 and 5xx replies are retried. Headers may read the environment
 * (`Authorization: Bearer {{env.MY_API_KEY}}`). Header values (literal or read from the
 * environment) are registered as secrets when the target is made, before any cell runs.
 */
export function httpTarget(options: HttpTargetOptions): EvalTarget {
  const { spec } = options;
  registerHeaderSecrets(spec.headers, options.env);
  const transform = spec.transformResponse === undefined ? undefined : compileTransform(spec.transformResponse, spec.id);
  return {
    id: spec.id,
    label: spec.label,
    async call(input, callOptions) {
      const view = { ...input.vars, prompt: input.prompt?.text ?? "" };
      const render = (text: string) => renderTemplate(text, view, { strict: false });
      const url = new URL(render(spec.url));
      for (const [name, value] of Object.entries(spec.queryParams)) url.searchParams.set(name, render(value));
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(spec.headers)) {
        const usesEnv = value.includes("env.");
        headers[name] = usesEnv ? renderTemplate(value, { ...view, env: options.env ?? {} }, { strict: false }) : render(value);
      }
      let body: string | undefined;
      if (spec.body !== undefined && spec.method !== "GET") {
        if (typeof spec.body === "string") body = render(spec.body);
        else {
          body = JSON.stringify(renderLeaves(spec.body, render));
          if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
        }
      }
      const context = { modelId: spec.id, provider: "http", baseURL: url.origin };
      const { result } = await callWithRetries(options.retry, context, callOptions.signal, async (signal) => {
        const response = await fetch(url, { method: spec.method, headers, body, signal });
        const text = await response.text();
        if (!response.ok) {
          throw new ModelCallError({ modelId: spec.id, statusCode: response.status, isRetryable: response.status === 429 || response.status >= 500, message: `HTTP ${response.status} ${text.slice(0, 200)}` });
        }
        return text;
      });
      const json = parseJson(result);
      const output = transform === undefined ? (json ?? result) : transform(json, result, { vars: input.vars, prompt: input.prompt?.text });
      return { output: output ?? "" };
    },
  };
}

function renderLeaves(value: unknown, render: (text: string) => string): unknown {
  if (typeof value === "string") return render(value);
  if (Array.isArray(value)) return value.map((item) => renderLeaves(item, render));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderLeaves(item, render)]));
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
