import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { UnreadableDocumentError } from "../rag-errors.js";

/** Options for `fetchUrl`. */
export interface FetchUrlOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Time limit for the whole fetch, redirects included. */
  timeoutMs: number;
  /** Allow loopback, private and link-local addresses (off: a URL cannot reach the local network). */
  allowPrivateNetwork?: boolean;
  signal?: AbortSignal;
}

/** A fetched body and what the server said it is. */
export interface FetchedUrl {
  bytes: Uint8Array;
  contentType: string | undefined;
  /** The URL after redirects. */
  url: string;
}

const MAX_REDIRECTS = 5;

const privateNetworks = new BlockList();
for (const [network, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["100.64.0.0", 10]] as const) {
  privateNetworks.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [["::1", 128], ["::", 128], ["fc00::", 7], ["fe80::", 10], ["::ffff:0:0", 96]] as const) privateNetworks.addSubnet(network, prefix, "ipv6");

/**
 * Fetches a document over http(s) with a time and size limit. Unless allowed, every hop's host
 * is resolved first and refused when it is a loopback, private, link-local or metadata address;
 * redirects are followed by hand so each hop is checked. Failures are UnreadableDocumentErrors
 * that carry the HTTP status.
 */
export async function fetchUrl(url: string, options: FetchUrlOptions): Promise<FetchedUrl> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = new URL(current);
    if (!/^https?:$/.test(target.protocol)) throw failure(url, "fetch-failed", `redirected to a ${target.protocol} URL, skipped`);
    if (options.allowPrivateNetwork !== true) await refusePrivate(url, target.hostname);
    let response: Response;
    try {
      response = await fetch(target, { redirect: "manual", signal, headers: { "user-agent": "flywheel-ingest", accept: "text/html, text/markdown, text/plain, application/pdf, */*;q=0.5" } });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const detail = signal.aborted ? `no answer within ${options.timeoutMs} ms` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw failure(url, "fetch-failed", `fetch failed: ${detail}`, error);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      current = new URL(location, target).href;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failure(url, "fetch-failed", `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw failure(url, "too-large", `${declared} bytes is over the ${options.maxBytes}-byte limit, skipped`);
    }
    return { bytes: await readCapped(url, response, options.maxBytes), contentType: response.headers.get("content-type") ?? undefined, url: target.href };
  }
  throw failure(url, "fetch-failed", `more than ${MAX_REDIRECTS} redirects`);
}

async function refusePrivate(url: string, hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw failure(url, "fetch-failed", `cannot resolve host ${host}`);
  for (const { address, family } of addresses) {
    if (privateNetworks.check(address, family === 6 ? "ipv6" : "ipv4")) {
      throw failure(url, "fetch-failed", `refused: ${host} is a local or private address (${address}); pass --allow-private-network to allow it`);
    }
  }
}

async function readCapped(url: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of response.body ?? []) {
    total += part.byteLength;
    if (total > maxBytes) throw failure(url, "too-large", `body is over the ${maxBytes}-byte limit, skipped`);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function failure(source: string, reason: string, detail: string, cause?: unknown): UnreadableDocumentError {
  return new UnreadableDocumentError({ source, reason, detail, cause });
}
