import dns from "node:dns";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { syncBuiltinESMExports } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchUrl } from "../src/rag/index.js";

// A local site standing in for what an attacker aims at: the user's own machine.
let site: Server;
let port: number;
let hits: string[] = [];

beforeAll(async () => {
  site = createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url === "/to-metadata") return void response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    response.writeHead(200, { "content-type": "text/plain" }).end("local secret");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  port = (site.address() as AddressInfo).port;
});
afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});
beforeEach(() => {
  hits = [];
});

const options = { maxBytes: 10_000, timeoutMs: 500 };

describe("fetchUrl (ingest of a URL)", () => {
  describe("with a DNS answer that changes between lookups (rebinding)", () => {
    // The system resolver answers a public address the first time and loopback every time after.
    const original = { lookup: dns.lookup, promisesLookup: dns.promises.lookup };
    let lookups = 0;
    const answer = (hostname: string) => {
      if (hostname !== "rebind.test") return undefined;
      return lookups++ === 0 ? { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 } : { address: "127.0.0.1", family: 4 };
    };
    beforeEach(() => {
      lookups = 0;
      const callbackLookup = (hostname: string, lookupOptions: unknown, callback?: unknown) => {
        const done = (typeof lookupOptions === "function" ? lookupOptions : callback) as (error: Error | null, address: unknown, family?: number) => void;
        const entry = answer(hostname);
        if (entry === undefined) return void original.lookup(hostname, lookupOptions as dns.LookupOptions, done as never);
        if (typeof lookupOptions === "object" && lookupOptions !== null && (lookupOptions as dns.LookupOptions).all === true) done(null, [entry]);
        else done(null, entry.address, entry.family);
      };
      dns.lookup = callbackLookup as typeof dns.lookup;
      dns.promises.lookup = (async (hostname: string, lookupOptions?: dns.LookupOptions) => {
        const entry = answer(hostname);
        if (entry === undefined) return original.promisesLookup(hostname, lookupOptions ?? {});
        return lookupOptions?.all === true ? [entry] : entry;
      }) as typeof dns.promises.lookup;
      syncBuiltinESMExports();
    });
    afterEach(() => {
      dns.lookup = original.lookup;
      dns.promises.lookup = original.promisesLookup;
      syncBuiltinESMExports();
    });

    it("connects to the address it checked and never reaches the loopback server", async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        lookups = 0;
        await expect(fetchUrl(`http://rebind.test:${port}/page`, options)).rejects.toMatchObject({ reason: "fetch-failed" });
      }
      expect(hits).toEqual([]);
    });
  });

  it("lets a public IPv4 address through the check (the connection itself fails here, offline)", async () => {
    const direct = await fetchUrl("http://93.184.216.34:9/page", { ...options, timeoutMs: 300 }).catch((error: unknown) => error);
    expect(direct).toMatchObject({ reason: "fetch-failed" });
    expect((direct as Error).message).not.toMatch(/refused/);
    const named = await fetchUrl("http://public.test:9/page", { ...options, timeoutMs: 300, resolveHost: async () => ["93.184.216.34"] }).catch((error: unknown) => error);
    expect((named as Error).message).not.toMatch(/refused|resolve/);
  });

  it("refuses loopback, also spelt as IPv4-mapped IPv6, before any request, unless private networks are allowed", async () => {
    await expect(fetchUrl(`http://127.0.0.1:${port}/page`, options)).rejects.toMatchObject({ message: expect.stringContaining("resolves to 127.0.0.1, a private or loopback address") });
    await expect(fetchUrl(`http://[::ffff:127.0.0.1]:${port}/page`, options)).rejects.toMatchObject({ message: expect.stringContaining("a private or loopback address") });
    await expect(fetchUrl(`http://app.test:${port}/page`, { ...options, resolveHost: async () => ["::ffff:127.0.0.1"] })).rejects.toMatchObject({ message: expect.stringContaining("a private or loopback address") });
    expect(hits).toEqual([]);
    const fetched = await fetchUrl(`http://app.test:${port}/page`, { ...options, allowPrivateNetwork: true, resolveHost: async () => ["127.0.0.1"] });
    expect(Buffer.from(fetched.bytes).toString()).toBe("local secret");
    expect(hits).toEqual(["/page"]);
  });

  it.each([
    ["the metadata address", "http://169.254.169.254/latest/meta-data/", undefined],
    ["a name that resolves to AWS's IPv6 metadata address", "http://metadata.test/", ["fd00:ec2::254"]],
    ["a name that resolves to a link-local address", "http://link.test/", ["169.254.170.2"]],
  ])("keeps refusing %s when private networks are allowed", async (_label, url, addresses) => {
    const resolveHost = async () => addresses ?? [];
    await expect(fetchUrl(url, { ...options, allowPrivateNetwork: true, resolveHost })).rejects.toMatchObject({
      reason: "fetch-failed",
      message: expect.stringContaining("a link-local or cloud metadata address"),
    });
  });

  it("re-checks a redirect to the metadata address when private networks are allowed", async () => {
    await expect(fetchUrl(`http://127.0.0.1:${port}/to-metadata`, { ...options, allowPrivateNetwork: true })).rejects.toMatchObject({
      message: expect.stringContaining('host "169.254.169.254" resolves to 169.254.169.254, a link-local or cloud metadata address'),
    });
    expect(hits).toEqual(["/to-metadata"]);
  });
});
