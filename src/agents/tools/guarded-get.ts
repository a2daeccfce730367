import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { BlockList, LookupFunction } from "node:net";
import { TimeoutError } from "../../errors/index.js";
import { NetworkPolicyError } from "../agent-errors.js";
import { inAddressList, isNonPublicAddress } from "./address-policy.js";

/** Resolves a host name to its IP addresses. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The rules every hop of a request must pass. */
export interface NetworkPolicy {
  /** Host names (`example.com`), sub-domain wildcards (`*.example.com`), optionally with a port (`127.0.0.1:8080`). */
  allowHosts: readonly string[];
  /** Private or loopback addresses the user allowed (otherwise all are refused). */
  allowedAddresses: BlockList;
  /** Host name resolution (default: the system resolver). */
  resolveHost?: ResolveHost;
}

/** Options for `guardedGet`. */
export interface GuardedGetOptions {
  url: string;
  policy: NetworkPolicy;
  /** Most bytes of body read; the rest is dropped. */
  maxBytes: number;
  /** Time limit for the whole request, redirects included. */
  timeoutMs: number;
  /** Most redirects followed. */
  maxRedirects: number;
  signal: AbortSignal;
}

/** What `guardedGet` read. */
export interface GuardedGetResult {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  /** Whether the body was cut at `maxBytes`. */
  truncated: boolean;
}

const systemResolve: ResolveHost = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * GET with SSRF guards on every hop: http(s) only, no credentials in the URL, the host on
 * the allow-list, every address the name resolves to public (or allowed), and the socket
 * connected to the very address that was checked (no second lookup for DNS rebinding).
 * Redirects are followed by hand, each one checked the same way.
 */
export async function guardedGet(options: GuardedGetOptions): Promise<GuardedGetResult> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let url = options.url;
  for (let hop = 0; ; hop += 1) {
    const target = parseTarget(url);
    const address = await checkTarget(target, options.policy, signal);
    const response = await send(target, address, signal, options.timeoutMs);
    const location = response.headers.location;
    if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      response.resume();
      if (hop >= options.maxRedirects) throw new NetworkPolicyError({ url: options.url, reason: `more than ${options.maxRedirects} redirects` });
      url = new URL(location, target).href;
      continue;
    }
    const { body, truncated } = await readCapped(response, options.maxBytes, signal, options.timeoutMs);
    return { url: target.href, status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), body, truncated };
  }
}

function parseTarget(url: string): URL {
  if (!URL.canParse(url)) throw new NetworkPolicyError({ url, reason: "not a valid URL" });
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new NetworkPolicyError({ url: target.href, reason: "only http and https URLs are allowed" });
  if (target.username !== "" || target.password !== "") throw new NetworkPolicyError({ url: `${target.protocol}//${target.host}`, reason: "URLs with credentials are not allowed" });
  return target;
}

async function checkTarget(target: URL, policy: NetworkPolicy, signal: AbortSignal): Promise<string> {
  const hostname = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port === "" ? (target.protocol === "https:" ? "443" : "80") : target.port;
  if (!hostAllowed(hostname, port, policy.allowHosts)) throw new NetworkPolicyError({ url: target.href, reason: `host "${hostname}" is not on the allow-list` });
  const addresses = isIP(hostname) !== 0 ? [hostname] : await (policy.resolveHost ?? systemResolve)(hostname).catch(() => []);
  signal.throwIfAborted();
  if (addresses.length === 0) throw new NetworkPolicyError({ url: target.href, reason: `host "${hostname}" does not resolve` });
  // Every address must pass: a name that resolves to one public and one private address is refused.
  for (const address of addresses) {
    if (isNonPublicAddress(address) && !inAddressList(policy.allowedAddresses, address)) {
      throw new NetworkPolicyError({ url: target.href, reason: `host "${hostname}" resolves to ${address}, a private, loopback or link-local address` });
    }
  }
  return addresses[0] as string;
}

function hostAllowed(hostname: string, port: string, allowHosts: readonly string[]): boolean {
  return allowHosts.some((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\](?=:|$)/g, "")) as RegExpExecArray;
    const [, pattern = "", entryPort] = match;
    if (entryPort !== undefined && entryPort !== port) return false;
    if (pattern.startsWith("*.")) return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
    return hostname === pattern;
  });
}

function send(target: URL, address: string, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  const family = isIP(address);
  // Connect to the checked address, whatever the system resolver would answer now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all === true) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { method: "GET", lookup: pinned, signal, headers: { "user-agent": "flywheel-agent", accept: "text/*, application/json, */*;q=0.5" } }, resolve);
    outgoing.on("error", (error) => reject(abortReason(signal, error, timeoutMs)));
    outgoing.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        response.destroy();
        return { body: Buffer.concat(chunks), truncated: true };
      }
    }
  } catch (error) {
    throw abortReason(signal, error, timeoutMs);
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function abortReason(signal: AbortSignal, error: unknown, timeoutMs: number): unknown {
  if (!signal.aborted) return error;
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "TimeoutError") return new TimeoutError({ what: "http_get", timeoutMs, hint: "the server was too slow; try again or raise agents.tools.http_get.timeoutMs" });
  return reason;
}
