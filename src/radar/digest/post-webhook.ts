import type { RadarConfig } from "../../config/index.js";
import { isDescriptiveHeader, registerSecret } from "../../secrets/index.js";
import type { Digest } from "../radar-types.js";
import { slackMessage } from "./slack-message.js";
import { WebhookError } from "./webhook-error.js";

/** Options for `postWebhook`. */
export interface PostWebhookOptions {
  /** `radar.webhook`. */
  webhook: NonNullable<RadarConfig["webhook"]>;
  /** Environment that `${NAME}` in header values reads. */
  env: Readonly<Record<string, string | undefined>>;
  /** Time limit of the request. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const ENVIRONMENT_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * POSTs the digest as Slack-style JSON (`{ text, blocks }`) to `radar.webhook.url`. Header
 * values may read the environment (`Authorization: Bearer ${SLACK_TOKEN}`). The URL (a Slack
 * webhook URL is itself a credential) and header values are registered as secrets first, and
 * errors name only the host, so neither reaches a log. Throws `WebhookError` on any failure.
 */
export async function postWebhook(digest: Digest, options: PostWebhookOptions): Promise<void> {
  const { webhook } = options;
  registerSecret(webhook.url);
  const host = new URL(webhook.url).host;
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, template] of Object.entries(webhook.headers)) {
    const value = template.replace(ENVIRONMENT_REFERENCE, (_, variable: string) => {
      const found = options.env[variable];
      if (found === undefined || found === "") throw new WebhookError({ message: `webhook header "${name}" reads \${${variable}}, which is not set`, hint: `set ${variable} in the environment, or change radar.webhook.headers` });
      return found;
    });
    if (!isDescriptiveHeader(name)) registerSecret(value);
    headers[name] = value;
  }
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])]);
  let response: Response;
  try {
    response = await fetch(webhook.url, { method: "POST", headers, body: JSON.stringify(slackMessage(digest)), signal, redirect: "error" });
  } catch (error) {
    const why = signal.aborted && options.signal?.aborted !== true ? `no answer within ${options.timeoutMs} ms` : "the connection failed";
    throw new WebhookError({ message: `webhook at ${host} could not be reached: ${why}`, hint: "check radar.webhook.url and that the receiver is up", cause: error });
  }
  await response.body?.cancel();
  if (!response.ok) throw new WebhookError({ message: `webhook at ${host} answered HTTP ${response.status}`, hint: "check radar.webhook.url and its headers (a token may have expired)" });
}
