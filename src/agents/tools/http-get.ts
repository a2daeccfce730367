import { z } from "zod";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { addressList } from "./address-policy.js";
import { guardedGet } from "./guarded-get.js";
import type { ResolveHost } from "./guarded-get.js";

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
  /** Most bytes of body returned (default 200,000). */
  maxBytes?: number;
  /** Time limit per call, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Most redirects followed (default 3). */
  maxRedirects?: number;
  /** Host name resolution (default: the system resolver). */
  resolveHost?: ResolveHost;
}

/** The `http_get` tool: fetches a URL from allow-listed hosts, with SSRF guards on every redirect hop, a size cap and a time limit. */
export function httpGetTool(options: HttpGetToolOptions): AgentTool<z.infer<typeof httpGetInput>> {
  const policy = { allowHosts: options.allowHosts, allowedAddresses: addressList(options.allowPrivateAddresses ?? []), resolveHost: options.resolveHost };
  const maxBytes = options.maxBytes ?? 200_000;
  return defineTool({
    name: "http_get",
    description: `Fetches a web page or API response with HTTP GET and returns the status and the body as text. Only these hosts are reachable: ${options.allowHosts.join(", ") || "(none)"}.`,
    inputSchema: httpGetInput,
    requiresApproval: true,
    execute: async ({ url }, { signal }) => {
      const result = await guardedGet({ url, policy, maxBytes, timeoutMs: options.timeoutMs ?? 10_000, maxRedirects: options.maxRedirects ?? 3, signal });
      const textual = result.contentType === "" || /^(text\/|application\/(json|xml|[a-z.+-]*\+(json|xml)|javascript))/i.test(result.contentType);
      const body = textual ? result.body.toString("utf8") : `[${result.contentType} content, ${result.body.length} bytes, not shown]`;
      const note = result.truncated ? `\n[body cut at ${maxBytes} bytes]` : "";
      return `HTTP ${result.status} ${result.url}\ncontent-type: ${result.contentType || "-"}\n\n${body}${note}`;
    },
  });
}
