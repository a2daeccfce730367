import { setTimeout as sleep } from "node:timers/promises";
import { FlywheelError } from "../../errors/index.js";
import { guardedGet } from "../../network/index.js";
import type { GuardedGetResult, NetworkPolicy } from "../../network/index.js";
import type { RadarConfig } from "../../config/index.js";
import type { RadarSourceState } from "../../store/index.js";
import type { FeedItem } from "../radar-types.js";
import { FeedError } from "../radar-errors.js";
import { decodeFeedText } from "./decode-feed-text.js";
import type { HostGate } from "./host-gate.js";
import { parseFeedItems } from "./parse-feed-items.js";

/** First wait before retrying a 429 or 5xx answer without Retry-After; it doubles on each retry. */
const RETRY_BASE_MS = 1000;
/** Longest wait a Retry-After header (or the backoff) can ask for: a feed is not worth more. */
const MAX_RETRY_WAIT_MS = 60_000;
const MAX_REDIRECTS = 5;

const hints = {
  refused: "add the feed's host to radar.allowHosts, or its address to radar.allowPrivateAddresses, in flywheel.config.yaml if it should be read",
  timeout: "the feed server was too slow; try again later or raise radar.fetch.timeoutMs",
};

/** Options for `fetchFeed`. */
export interface FetchFeedOptions {
  /** The configured source. */
  source: { url: string; name?: string };
  /** What the last fetch of this feed left (its validators make the GET conditional). */
  previous: RadarSourceState | undefined;
  fetch: RadarConfig["fetch"];
  policy: NetworkPolicy;
  /** Spaces requests to one host, retries included. */
  gate: HostGate;
  signal?: AbortSignal;
}

/** A feed read: not modified since the last fetch, or its items with the validators for the next fetch. */
export type FeedFetch =
  | { notModified: true; status: number }
  | { notModified: false; status: number; sourceName: string; items: FeedItem[]; etag?: string; lastModified?: string };

/**
 * Reads one feed: a conditional GET through the SSRF guard, spaced from other requests to
 * its host, retried with exponential backoff (or after Retry-After) on 429 and 5xx. Anything
 * that keeps it from yielding items is thrown: a FeedError, a refusal (`network-refused`) or
 * a timeout.
 */
export async function fetchFeed(options: FetchFeedOptions): Promise<FeedFetch> {
  const { source, previous, gate } = options;
  const host = new URL(source.url).host;
  const conditional = { ...(previous?.etag ? { "if-none-match": previous.etag } : {}), ...(previous?.lastModified ? { "if-modified-since": previous.lastModified } : {}) };
  for (let attempt = 0; ; attempt += 1) {
    await gate.wait(host, options.signal);
    let result: GuardedGetResult;
    try {
      result = await guardedGet({
        url: source.url,
        policy: options.policy,
        maxBytes: options.fetch.maxBytes,
        timeoutMs: options.fetch.timeoutMs,
        maxRedirects: MAX_REDIRECTS,
        ...(options.signal ? { signal: options.signal } : {}),
        purpose: "radar",
        hints,
        accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5",
        headers: conditional,
      });
    } catch (error) {
      if (options.signal?.aborted || FlywheelError.isInstance(error)) throw error;
      throw new FeedError({ code: "feed-unreachable", source: source.url, message: `request failed (${networkDetail(error)})`, hint: "check the URL, or try again later", cause: error });
    } finally {
      gate.done(host);
    }
    if (result.status === 304) return { notModified: true, status: 304 };
    if ((result.status === 429 || result.status >= 500) && attempt < options.fetch.maxRetries) {
      await sleep(retryWaitMs(result.headers["retry-after"], attempt), undefined, options.signal ? { signal: options.signal } : {});
      continue;
    }
    if (result.status < 200 || result.status > 299) {
      const retried = attempt === 0 ? "" : ` after ${attempt} ${attempt === 1 ? "retry" : "retries"}`;
      throw new FeedError({ code: "feed-http-error", source: source.url, status: result.status, message: `HTTP ${result.status}${retried}`, hint: "check the URL; a 4xx answer is not retried, a 429 or 5xx up to radar.fetch.maxRetries times" });
    }
    if (result.truncated) {
      throw new FeedError({ code: "feed-too-large", source: source.url, status: result.status, message: `larger than radar.fetch.maxBytes (${options.fetch.maxBytes} bytes); not read`, hint: "raise radar.fetch.maxBytes if the feed is meant to be this large" });
    }
    const parsed = parseFeedItems({ text: decodeFeedText(result.body, result.contentType), source: source.url, baseUrl: result.url, ...(source.name ? { name: source.name } : {}) });
    if (!parsed.success) {
      throw new FeedError({ ...parsed.failure, source: source.url, status: result.status, hint: "check that the URL serves an RSS 2.0, Atom, RDF or JSON Feed document, or remove it from radar.sources" });
    }
    const { etag, "last-modified": lastModified } = result.headers;
    return { notModified: false, status: result.status, sourceName: parsed.sourceName, items: parsed.items, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
  }
}

/** Retry-After in seconds or as an HTTP date, else exponential backoff; capped either way. */
function retryWaitMs(retryAfter: string | undefined, attempt: number): number {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  const asked = Number.isFinite(seconds) ? seconds * 1000 : retryAfter === undefined ? Number.NaN : Date.parse(retryAfter) - Date.now();
  const wait = Number.isFinite(asked) ? asked : RETRY_BASE_MS * 2 ** attempt;
  return Math.min(Math.max(wait, 0), MAX_RETRY_WAIT_MS);
}

function networkDetail(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
