import { FlywheelError } from "../../errors/index.js";
import { guardedGet, NetworkPolicyError } from "../../network/index.js";
import type { ResolveHost } from "../../network/index.js";
import { UnreadableDocumentError } from "../rag-errors.js";

/** Options for `fetchUrl`. */
export interface FetchUrlOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Time limit for the whole fetch, redirects included. */
  timeoutMs: number;
  /** Let the URL reach loopback and private addresses (off: it cannot reach the local network). Link-local and cloud metadata addresses stay refused. */
  allowPrivateNetwork?: boolean;
  /** Host name resolution (default: the system resolver). */
  resolveHost?: ResolveHost;
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

const hints = {
  refused: "pass --allow-private-network to reach loopback and private addresses; link-local and cloud metadata addresses are never fetched",
  timeout: "the server was too slow; raise rag.fetchTimeoutMs in flywheel.config.yaml",
};

/**
 * Fetches a document over http(s) with a time and size limit, through the same guards as
 * every network feature (`guardedGet`): each hop's host resolved once, refused unless public
 * (or private and allowed), and connected to at the address that was checked. Failures,
 * timeouts included, are UnreadableDocumentErrors, so ingest skips the one URL and goes on.
 */
export async function fetchUrl(url: string, options: FetchUrlOptions): Promise<FetchedUrl> {
  let result: Awaited<ReturnType<typeof guardedGet>>;
  try {
    result = await guardedGet({
      url,
      policy: { allowPrivateNetwork: options.allowPrivateNetwork === true, ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}) },
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      maxRedirects: MAX_REDIRECTS,
      ...(options.signal ? { signal: options.signal } : {}),
      purpose: "ingest",
      hints,
      accept: "text/html, text/markdown, text/plain, application/pdf, */*;q=0.5",
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw failure(url, "fetch-failed", failureDetail(error, options.timeoutMs), error);
  }
  if (result.status < 200 || result.status > 299) throw failure(url, "fetch-failed", `HTTP ${result.status}`);
  if (result.truncated) throw failure(url, "too-large", `body is over the ${options.maxBytes}-byte limit, skipped`);
  return { bytes: result.body, contentType: result.contentType === "" ? undefined : result.contentType, url: result.url };
}

function failureDetail(error: unknown, timeoutMs: number): string {
  if (error instanceof NetworkPolicyError) return `refused: ${error.reason}; ${hints.refused}`;
  if (FlywheelError.isInstance(error) && error.code === "timeout") return `no answer within ${timeoutMs} ms, skipped`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return `fetch failed: ${cause instanceof Error ? cause.message : String(cause)}`;
}

function failure(source: string, reason: string, detail: string, cause?: unknown): UnreadableDocumentError {
  return new UnreadableDocumentError({ source, reason, detail, cause });
}
