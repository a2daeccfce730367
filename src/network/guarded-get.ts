import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { LookupFunction } from "node:net";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { TimeoutError } from "../errors/index.js";
import { addressAllowed, addressKind } from "./address-policy.js";
import type { AddressAllowance } from "./address-policy.js";
import { NetworkPolicyError } from "./network-errors.js";

/** Resolves a host name to its IP addresses. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The rules every hop of a request must pass; addresses that are not public are refused unless the allowance says otherwise. */
export interface NetworkPolicy extends AddressAllowance {
  /** Host names (`example.com`), sub-domain wildcards (`*.example.com`), optionally with a port (`127.0.0.1:8080`); unset: any host. */
  allowHosts?: readonly string[];
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
  signal?: AbortSignal;
  /** What the request is for (`http_get`, `ingest`): named in a timeout error and the user-agent header. */
  purpose: string;
  /** What a user can do about a refusal and about a timeout, for the errors' hints. */
  hints: { refused: string; timeout: string };
  /** The accept header (default any type). */
  accept?: string;
  /**
   * Extra request headers (`if-none-match`, `if-modified-since`), sent on every hop; never
   * credentials, since a redirect may lead to another host.
   */
  headers?: Readonly<Record<string, string>>;
}

/** What `guardedGet` read. */
export interface GuardedGetResult {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  /** The body, decoded when it came gzip, deflate or br encoded. */
  body: Buffer;
  /** Whether the (decoded) body was cut at `maxBytes`. */
  truncated: boolean;
  /** The answer's headers, names in lower case, repeated ones joined with `, ` (`etag`, `last-modified`, `retry-after`). */
  headers: Record<string, string>;
}

const systemResolve: ResolveHost = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * GET with SSRF guards on every hop: http(s) only, no credentials in the URL, the host on
 * the allow-list, every address the name resolves to public (or allowed), and the socket
 * connected to the very address that was checked (no second lookup for DNS rebinding).
 * Redirects are followed by hand, each one checked the same way. A gzip, deflate or br body
 * is decoded as it is read, and `maxBytes` caps the decoded bytes, so a compression bomb is cut.
 */
export async function guardedGet(options: GuardedGetOptions): Promise<GuardedGetResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const fail = (url: string, reason: string) => new NetworkPolicyError({ url, reason, hint: options.hints.refused });
  const timedOut = () => new TimeoutError({ what: options.purpose, timeoutMs: options.timeoutMs, hint: options.hints.timeout });
  let url = options.url;
  for (let hop = 0; ; hop += 1) {
    const target = parseTarget(url, fail);
    const address = await checkTarget(target, options.policy, signal, fail).catch((error: unknown) => {
      throw abortReason(signal, error, timedOut);
    });
    const headers = { ...options.headers, "user-agent": `flywheel-${options.purpose}`, accept: options.accept ?? "*/*", "accept-encoding": "gzip, deflate, br" };
    const response = await send(target, address, headers, signal, timedOut);
    const location = response.headers.location;
    if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      response.resume();
      if (hop >= options.maxRedirects) throw fail(options.url, `more than ${options.maxRedirects} redirects`);
      url = new URL(location, target).href;
      continue;
    }
    const { body, truncated } = await readCapped(response, options.maxBytes, signal, timedOut);
    return { url: target.href, status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), body, truncated, headers: headerValues(response) };
  }
}

type Refusal = (url: string, reason: string) => NetworkPolicyError;

function parseTarget(url: string, fail: Refusal): URL {
  if (!URL.canParse(url)) throw fail(url, "not a valid URL");
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw fail(target.href, "only http and https URLs are allowed");
  if (target.username !== "" || target.password !== "") throw fail(`${target.protocol}//${target.host}`, "URLs with credentials are not allowed");
  return target;
}

const kindNames = { private: "a private or loopback address", metadata: "a link-local or cloud metadata address", reserved: "a reserved address, not on the public internet" } as const;

async function checkTarget(target: URL, policy: NetworkPolicy, signal: AbortSignal, fail: Refusal): Promise<string> {
  const hostname = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port === "" ? (target.protocol === "https:" ? "443" : "80") : target.port;
  if (policy.allowHosts !== undefined && !hostAllowed(hostname, port, policy.allowHosts)) throw fail(target.href, `host "${hostname}" is not on the allow-list`);
  const addresses = isIP(hostname) !== 0 ? [hostname] : await (policy.resolveHost ?? systemResolve)(hostname).catch(() => []);
  signal.throwIfAborted();
  if (addresses.length === 0) throw fail(target.href, `host "${hostname}" does not resolve`);
  // Every address must pass: a name that resolves to one public and one private address is refused.
  for (const address of addresses) {
    const kind = addressKind(address);
    if (kind !== "public" && !addressAllowed(address, policy)) throw fail(target.href, `host "${hostname}" resolves to ${address}, ${kindNames[kind]}`);
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

function send(target: URL, address: string, headers: Record<string, string>, signal: AbortSignal, timedOut: () => TimeoutError): Promise<IncomingMessage> {
  const family = isIP(address);
  // Connect to the checked address, whatever the system resolver would answer now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all === true) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { method: "GET", lookup: pinned, signal, headers }, resolve);
    outgoing.on("error", (error) => reject(abortReason(signal, error, timedOut)));
    outgoing.end();
  });
}

function headerValues(response: IncomingMessage): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) values[name] = Array.isArray(value) ? value.join(", ") : value;
  return values;
}

const decoders: Readonly<Record<string, () => Transform>> = { gzip: createGunzip, "x-gzip": createGunzip, deflate: createInflate, br: createBrotliDecompress };

/** The body as sent, or decoded on the fly when its content-encoding is one we asked for. */
function decodedBody(response: IncomingMessage): Readable {
  const decoder = decoders[String(response.headers["content-encoding"] ?? "").trim().toLowerCase()];
  if (decoder === undefined) return response;
  const decoding = decoder();
  response.on("error", (error) => decoding.destroy(error));
  return response.pipe(decoding);
}

async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal, timedOut: () => TimeoutError): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const body = decodedBody(response);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        body.destroy();
        response.destroy();
        return { body: Buffer.concat(chunks), truncated: true };
      }
    }
  } catch (error) {
    throw abortReason(signal, error, timedOut);
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function abortReason(signal: AbortSignal, error: unknown, timedOut: () => TimeoutError): unknown {
  if (!signal.aborted) return error;
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === "TimeoutError" ? timedOut() : reason;
}
