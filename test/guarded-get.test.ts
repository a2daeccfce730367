import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressList, guardedGet } from "../src/network/index.js";
import type { GuardedGetOptions } from "../src/network/index.js";
import { FEED_LAST_MODIFIED, startFeedServer } from "./support/feed-server/index.js";
import type { FeedServer } from "./support/feed-server/index.js";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

const get = (url: string, options: Partial<GuardedGetOptions> = {}) =>
  guardedGet({ url, policy: { allowedAddresses: addressList(["127.0.0.1"]) }, maxBytes: 1024 * 1024, timeoutMs: 5000, maxRedirects: 3, purpose: "test", hints: { refused: "allow it", timeout: "wait" }, ...options });

describe("guardedGet", () => {
  it("sends extra headers on every hop and returns the answer's headers", async () => {
    const first = await get(server.url("/feeds/rss.xml"));
    expect(first.headers).toMatchObject({ etag: expect.stringMatching(/^"/), "last-modified": FEED_LAST_MODIFIED, "content-type": "application/xml; charset=utf-8" });
    server.reset();
    const again = await get(server.url(`/redirect?to=${encodeURIComponent("/feeds/rss.xml")}`), { headers: { "if-none-match": first.headers.etag as string } });
    expect(again).toMatchObject({ status: 304, body: Buffer.alloc(0), url: server.url("/feeds/rss.xml") });
    expect(server.requests.map((request) => request.headers["if-none-match"])).toEqual([first.headers.etag, first.headers.etag]);
  });

  it("decodes compressed bodies and caps the decoded size, so a gzip bomb is cut", async () => {
    const plain = await get(server.url("/feeds/atom.xml"));
    for (const encoding of ["gzip", "deflate", "br"]) {
      const decoded = await get(server.url(`/feeds/atom.xml?encoding=${encoding}`));
      expect(decoded.headers["content-encoding"]).toBe(encoding);
      expect(decoded.body.equals(plain.body)).toBe(true);
    }
    server.reset();
    const bomb = await get(server.url("/bomb.xml?mb=100"));
    expect(bomb).toMatchObject({ status: 200, truncated: true });
    expect(bomb.body.length).toBe(1024 * 1024);
    expect(server.requests[0]?.bytesSent).toBeLessThan(50 * 1024 * 1024);
  });
});
