import { z } from "zod";
import { httpGetSettingsSchema } from "../../config/index.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { addressList, guardedGet } from "../../network/index.js";
import type { ResolveHost } from "../../network/index.js";

const hints = {
  refused: "add the host to agents.tools.http_get.allowHosts (and a private address to allowPrivateAddresses) in flywheel.config.yaml if it should be reachable",
  timeout: "the server was too slow; try again or raise agents.tools.http_get.timeoutMs",
};

const httpGetInput = z.object({
  /** The http(s) URL to fetch. */
  url: z.string().min(1).max(2048).describe("the http or https URL to fetch"),
});

/** Options for `httpGetTool`. */
export interface HttpGetToolOptions {
  /** Hosts that may be fetched: `example.com`, `*.example.com`, `127.0.0.1:8080`. Nothing else is reachable. */
  allowHosts: readonly string[];
  /** Private or loopback addresses or CIDR ranges that may be reached (default none). */
  allowPrivateAddresses?: readonly string[];
  /** Most bytes of body returned (default: that of `agents.tools.http_get.maxBytes` in config). */
  maxBytes?: number;
  /** Time limit per call, redirects included (default: that of `agents.tools.http_get.timeoutMs` in config). */
  timeoutMs?: number;
  /** Most redirects followed (default: that of `agents.tools.http_get.maxRedirects` in config). */
  maxRedirects?: number;
  /** Host name resolution (default: the system resolver). */
  resolveHost?: ResolveHost;
}

/** The `http_get` tool: fetches a URL from allow-listed hosts, with SSRF guards on every redirect hop, a size cap and a time limit. */
export function httpGetTool(options: HttpGetToolOptions): AgentTool<z.infer<typeof httpGetInput>> {
  const policy = { allowHosts: options.allowHosts, allowedAddresses: addressList(options.allowPrivateAddresses ?? []), resolveHost: options.resolveHost };
  const defaults = httpGetSettingsSchema.parse({});
  const maxBytes = options.maxBytes ?? defaults.maxBytes;
  return defineTool({
    name: "http_get",
    description: `Fetches a web page or API response with HTTP GET and returns the status and the body as text. Only these hosts are reachable: ${options.allowHosts.join(", ") || "(none)"}.`,
    inputSchema: httpGetInput,
    requiresApproval: true,
    execute: async ({ url }, { signal }) => {
      const result = await guardedGet({
        url,
        policy,
        maxBytes,
        timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
        maxRedirects: options.maxRedirects ?? defaults.maxRedirects,
        signal,
        purpose: "http_get",
        hints,
        accept: "text/*, application/json, */*;q=0.5",
      });
      const textual = result.contentType === "" || /^(text\/|application\/(json|xml|[a-z.+-]*\+(json|xml)|javascript))/i.test(result.contentType);
      const body = textual ? result.body.toString("utf8") : `[${result.contentType} content, ${result.body.length} bytes, not shown]`;
      const note = result.truncated ? `\n[body cut at ${maxBytes} bytes]` : "";
      return `HTTP ${result.status} ${result.url}\ncontent-type: ${result.contentType || "-"}\n\n${body}${note}`;
    },
  });
}
