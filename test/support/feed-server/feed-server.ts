import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import type { Gzip } from "node:zlib";
import { generatedFeed } from "./generated-feed.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/radar/feeds");

/** The Last-Modified of every static feed. */
export const FEED_LAST_MODIFIED = "Tue, 01 Dec 2026 08:00:00 GMT";

/** One request the feed server answered. */
export interface FeedRequest {
  /** Path and query, as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  /** When it arrived (`performance.now()`, ms). */
  at: number;
  /** The status answered (0 until the answer is sent). */
  status: number;
  /** Body bytes written (before any compression) until the answer ended or the client went away. */
  bytesSent: number;
}

/** A running feed server. */
export interface FeedServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The absolute URL of a path on this server. */
  url(pathAndQuery: string): string;
  /** Every request, in order of arrival. */
  requests: FeedRequest[];
  /** The requests whose path (without query) is `pathname`. */
  requestsTo(pathname: string): FeedRequest[];
  /** Forgets requests and the answers counted by `/flaky.xml`. */
  reset(): void;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = { ".xml": "application/xml; charset=utf-8", ".json": "application/feed+json", ".html": "text/html; charset=utf-8" };
const encoders: Record<string, (body: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/**
 * A feed server for radar tests, on 127.0.0.1 at a random port. Routes:
 * - `/feeds/<file>`: a fixture of test/fixtures/radar/feeds with an ETag and Last-Modified,
 *   answering 304 to a matching conditional request; `?encoding=gzip|deflate|br` compresses it.
 * - `/huge.xml?mb=50`: a feed of that many megabytes, generated as it streams.
 * - `/bomb.xml?mb=50`: a gzip body that decodes to that many megabytes.
 * - `/redirect?to=<url>`: 302 to the URL (e.g. a private or metadata address).
 * - `/flaky.xml?failures=1&retry-after=1`: 429 (with Retry-After when given) to the first
 *   `failures` requests of that URL, then the RSS fixture.
 * - `/status/<code>`: that status, with a short text body.
 * - `/slow.xml`: headers, then nothing.
 * - `/gen/<n>.xml?items=100`: generated feed number n (deterministic).
 */
export async function startFeedServer(): Promise<FeedServer> {
  const requests: FeedRequest[] = [];
  const answered = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://feeds.test");
    const record: FeedRequest = { path: request.url ?? "/", headers: request.headers, at: performance.now(), status: 0, bytesSent: 0 };
    requests.push(record);
    const send = (status: number, headers: Record<string, string>, body: string | Buffer = "") => {
      record.status = status;
      record.bytesSent = Buffer.byteLength(body);
      response.writeHead(status, headers).end(body);
    };
    const staticFeed = /^\/feeds\/([\w.-]+)$/.exec(url.pathname);
    if (staticFeed !== null) return serveFixture(staticFeed[1] as string, url, request.headers, send);
    const generated = /^\/gen\/(\d+)\.xml$/.exec(url.pathname);
    if (generated !== null) return send(200, { "content-type": contentTypes[".xml"] as string }, generatedFeed(Number(generated[1]), Number(url.searchParams.get("items") ?? 100), origin));
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status !== null) return send(Number(status[1]), { "content-type": "text/plain" }, `status ${status[1]}`);
    switch (url.pathname) {
      case "/redirect":
        return send(302, { location: url.searchParams.get("to") ?? "/feeds/rss.xml" });
      case "/flaky.xml": {
        const count = (answered.get(record.path) ?? 0) + 1;
        answered.set(record.path, count);
        if (count > Number(url.searchParams.get("failures") ?? 1)) return serveFixture("rss.xml", url, {}, send);
        const retryAfter = url.searchParams.get("retry-after");
        return send(429, { "content-type": "text/plain", ...(retryAfter === null ? {} : { "retry-after": retryAfter }) }, "slow down");
      }
      case "/slow.xml":
        record.status = 200;
        response.writeHead(200, { "content-type": contentTypes[".xml"] as string });
        return void response.write("<?xml version=\"1.0\"?>");
      case "/huge.xml":
        record.status = 200;
        response.writeHead(200, { "content-type": contentTypes[".xml"] as string });
        return void stream(response, record, Number(url.searchParams.get("mb") ?? 50) * 1024 * 1024);
      case "/bomb.xml": {
        record.status = 200;
        response.writeHead(200, { "content-type": contentTypes[".xml"] as string, "content-encoding": "gzip" });
        const gzip = createGzip({ level: 1 });
        gzip.pipe(response);
        response.on("close", () => gzip.destroy());
        return void stream(gzip, record, Number(url.searchParams.get("mb") ?? 50) * 1024 * 1024);
      }
      default:
        return send(404, { "content-type": "text/plain" }, "not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (pathAndQuery) => `${origin}${pathAndQuery}`,
    requests,
    requestsTo: (pathname) => requests.filter((request) => request.path.split("?")[0] === pathname),
    reset() {
      requests.length = 0;
      answered.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function serveFixture(name: string, url: URL, headers: IncomingHttpHeaders, send: (status: number, headers: Record<string, string>, body?: string | Buffer) => void): void {
  let body: Buffer;
  try {
    body = readFileSync(path.join(fixtures, name));
  } catch {
    return send(404, { "content-type": "text/plain" }, "no such fixture");
  }
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
  const validators = { etag, "last-modified": FEED_LAST_MODIFIED };
  const ifNoneMatch = headers["if-none-match"];
  const ifModifiedSince = headers["if-modified-since"];
  const fresh = ifNoneMatch !== undefined ? ifNoneMatch.split(/\s*,\s*/).includes(etag) : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(FEED_LAST_MODIFIED);
  if (fresh) return send(304, validators);
  const encoding = url.searchParams.get("encoding");
  const encode = encoding === null ? undefined : encoders[encoding];
  const type = contentTypes[path.extname(name)] ?? "application/octet-stream";
  if (encode === undefined) return send(200, { "content-type": type, ...validators }, body);
  send(200, { "content-type": type, "content-encoding": encoding as string, ...validators }, encode(body));
}

const hugeChunk = Buffer.from(
  Array.from({ length: 200 }, (_, index) => `<item><title>Filler item ${index}</title><link>https://huge.example.com/${index}</link><description>${"Padding text for a feed far larger than any real one. ".repeat(5)}</description></item>\n`).join(""),
);

/** Writes a feed of `size` bytes into `sink`, a chunk at a time, stopping when the client goes away. */
async function stream(sink: ServerResponse | Gzip, record: FeedRequest, size: number): Promise<void> {
  const head = Buffer.from(`<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Huge</title><link>https://huge.example.com/</link>\n`);
  let sent = 0;
  const write = (chunk: Buffer) => {
    sent += chunk.length;
    record.bytesSent = sent;
    return sink.write(chunk);
  };
  write(head);
  while (sent < size && !sink.destroyed) {
    if (!write(hugeChunk.subarray(0, Math.min(hugeChunk.length, size - sent)))) {
      await new Promise((resolve) => {
        sink.once("drain", resolve);
        sink.once("close", resolve);
      });
    }
  }
  if (!sink.destroyed) sink.end("</channel></rss>\n");
}
