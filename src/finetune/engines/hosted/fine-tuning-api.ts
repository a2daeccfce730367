import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { CancelledError, ConfigError, FlywheelError, ProviderUnreachableError } from "../../../errors/index.js";
import { resolveProviderCredentials } from "../../../models/index.js";
import type { FlywheelConfig } from "../../../config/index.js";
import { redactSecrets } from "../../../secrets/index.js";

/** Which provider's fine-tuning API: its base URL and key are found as for its chat models. */
export interface FineTuningApiSettings {
  /** Provider name in config (`openai`, `together`, ...). */
  provider: string;
}

/** A fine-tuning job as the API reports it. */
export const apiJobSchema = z.looseObject({
  id: z.string(),
  model: z.string(),
  status: z.string(),
  fine_tuned_model: z.string().nullable().optional(),
  trained_tokens: z.number().nullable().optional(),
  error: z.looseObject({ code: z.string().nullable().optional(), message: z.string().nullable().optional() }).nullable().optional(),
});

/** One job event. */
export const apiEventSchema = z.looseObject({
  id: z.string(),
  created_at: z.number(),
  level: z.string().optional(),
  message: z.string(),
  type: z.string().optional(),
  data: z.record(z.string(), z.unknown()).nullable().optional(),
});

const fileSchema = z.looseObject({ id: z.string(), bytes: z.number().optional() });
const eventListSchema = z.looseObject({ data: z.array(apiEventSchema), has_more: z.boolean().optional() });
const jobListSchema = z.looseObject({ data: z.array(apiJobSchema) });

/** A job, parsed. */
export type ApiJob = z.infer<typeof apiJobSchema>;
/** An event, parsed. */
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** The hosted API refused a request or answered with something unreadable. */
export class FineTuningApiError extends FlywheelError {
  readonly status: number | undefined;
  constructor(options: { provider: string; status?: number; message: string; hint?: string }) {
    super({
      // A 5xx is the service's fault; any other failure is the request's (key, base model, file).
      code: options.status !== undefined && options.status >= 500 ? "finetune-api-unavailable" : "finetune-api-failed",
      message: `${options.provider} fine-tuning API${options.status === undefined ? "" : ` (HTTP ${options.status})`}: ${options.message}`,
      hint: options.hint ?? (options.status === 401 ? "check the API key" : "check the base model and the training file"),
    });
    this.name = "FineTuningApiError";
    this.status = options.status;
  }
}

/** A small client for OpenAI-style files and fine-tuning endpoints. */
export interface FineTuningApi {
  readonly baseURL: string;
  uploadFile(options: { filename: string; content: string; signal?: AbortSignal }): Promise<{ id: string }>;
  createJob(body: Record<string, unknown>, signal?: AbortSignal): Promise<ApiJob>;
  retrieveJob(jobId: string, signal?: AbortSignal): Promise<ApiJob>;
  /** Events newer than `afterId`, oldest first. */
  listEvents(jobId: string, options?: { afterId?: string; signal?: AbortSignal }): Promise<ApiEvent[]>;
  listJobs(signal?: AbortSignal): Promise<ApiJob[]>;
  cancelJob(jobId: string, signal?: AbortSignal): Promise<ApiJob>;
}

/**
 * The API client for one provider, at the base URL and with the key `resolveProviderCredentials`
 * gives its chat models (the key read when a request is made). Reads are retried on 429 and 5xx (after Retry-After); writes are not,
 * so an upload or a job is never created twice.
 */
export function createFineTuningApi(config: FlywheelConfig, settings: FineTuningApiSettings, fetchImpl: typeof fetch = fetch): FineTuningApi {
  const providerConfig = (Object.hasOwn(config.providers, settings.provider) ? config.providers[settings.provider] : undefined) ?? {};
  const credentials = resolveProviderCredentials(settings.provider, providerConfig, config.env);
  const baseURL = credentials.baseURL;
  if (baseURL === undefined) {
    throw new ConfigError({ file: "config", key: `providers.${settings.provider}.baseURL`, found: "nothing", expected: "the fine-tuning API's base URL, e.g. https://api.example.com/v1" });
  }
  const key = () => credentials.readKey();
  const request = async (method: string, path: string, options: { body?: BodyInit; json?: unknown; signal?: AbortSignal } = {}): Promise<unknown> => {
    const attempts = method === "GET" ? 4 : 1;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetchImpl(`${baseURL}${path}`, {
          method,
          headers: { authorization: `Bearer ${key()}`, ...(providerConfig.headers ?? {}), ...(options.json === undefined ? {} : { "content-type": "application/json" }) },
          body: options.json === undefined ? options.body : JSON.stringify(options.json),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
      } catch (error) {
        if (options.signal?.aborted === true) throw new CancelledError("the request");
        if (FlywheelError.isInstance(error)) throw error;
        throw new ProviderUnreachableError({ provider: settings.provider, url: baseURL, cause: error });
      }
      const text = await response.text();
      if (response.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new FineTuningApiError({ provider: settings.provider, status: response.status, message: "the response is not JSON" });
        }
      }
      if ((response.status === 429 || response.status >= 500) && attempt < attempts) {
        const retryAfter = Number(response.headers.get("retry-after") ?? "");
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : 500 * 2 ** (attempt - 1), undefined, options.signal === undefined ? {} : { signal: options.signal });
        continue;
      }
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string } };
        message = parsed.error?.message ?? message;
      } catch {
        // keep the text
      }
      throw new FineTuningApiError({ provider: settings.provider, status: response.status, message: redactSecrets(message) });
    }
  };
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new FineTuningApiError({ provider: settings.provider, message: `unexpected response shape (${parsed.error.issues[0]?.path.join(".") ?? ""})` });
    return parsed.data;
  };
  return {
    baseURL,
    async uploadFile(options) {
      const form = new FormData();
      form.append("purpose", "fine-tune");
      form.append("file", new Blob([options.content], { type: "application/jsonl" }), options.filename);
      return parse(fileSchema, await request("POST", "/files", { body: form, ...(options.signal === undefined ? {} : { signal: options.signal }) }));
    },
    createJob: async (body, signal) => parse(apiJobSchema, await request("POST", "/fine_tuning/jobs", { json: body, ...(signal === undefined ? {} : { signal }) })),
    retrieveJob: async (jobId, signal) => parse(apiJobSchema, await request("GET", `/fine_tuning/jobs/${encodeURIComponent(jobId)}`, signal === undefined ? {} : { signal })),
    async listEvents(jobId, options = {}) {
      // The API lists newest first; page until the last event seen, then return oldest first.
      const events: ApiEvent[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const query = new URLSearchParams({ limit: "100", ...(after === undefined ? {} : { after }) });
        const list = parse(eventListSchema, await request("GET", `/fine_tuning/jobs/${encodeURIComponent(jobId)}/events?${query.toString()}`, options.signal === undefined ? {} : { signal: options.signal }));
        const seen = list.data.findIndex((event) => event.id === options.afterId);
        events.push(...(seen === -1 ? list.data : list.data.slice(0, seen)));
        if (seen !== -1 || list.has_more !== true || list.data.length === 0) break;
        after = list.data.at(-1)!.id;
      }
      return events.reverse();
    },
    listJobs: async (signal) => parse(jobListSchema, await request("GET", "/fine_tuning/jobs", signal === undefined ? {} : { signal })).data,
    cancelJob: async (jobId, signal) => parse(apiJobSchema, await request("POST", `/fine_tuning/jobs/${encodeURIComponent(jobId)}/cancel`, signal === undefined ? {} : { signal })),
  };
}
