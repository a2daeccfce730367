import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { httpGetTool } from "../../src/agents/index.js";
import type { HttpGetToolOptions } from "../../src/agents/index.js";

// A local web server standing in for both the allowed site and the internal targets an attacker aims at.
let server: Server;
let port: number;
let hits: string[] = [];
const context = { signal: new AbortController().signal, toolCallId: "call_1" };

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    hits.push(`${request.headers.host} ${url.pathname}`);
    if (url.pathname === "/ok") return void response.writeHead(200, { "content-type": "text/plain" }).end("hello from the allowed site");
    if (url.pathname === "/big") return void response.writeHead(200, { "content-type": "text/plain" }).end("y".repeat(1_000_000));
    if (url.pathname === "/slow") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("first bytes...");
      return;
    }
    if (url.pathname === "/redirect") return void response.writeHead(302, { location: url.searchParams.get("to") ?? "/ok" }).end();
    if (url.pathname === "/loop") return void response.writeHead(301, { location: "/loop" }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = [];
});

const local = (options: Partial<HttpGetToolOptions> = {}) => httpGetTool({ allowHosts: ["127.0.0.1"], allowPrivateAddresses: ["127.0.0.1"], ...options });
const get = (options: Partial<HttpGetToolOptions>, url: string) => local(options).execute({ url }, context) as Promise<string>;

describe("http_get", () => {
  it("fetches from an allowed host and address", async () => {
    const text = await get({}, `http://127.0.0.1:${port}/ok`);
    expect(text).toBe(`HTTP 200 http://127.0.0.1:${port}/ok\ncontent-type: text/plain\n\nhello from the allowed site`);
  });

  it("refuses loopback unless the user allowed it, before any request is sent", async () => {
    await expect(get({ allowPrivateAddresses: [] }, `http://127.0.0.1:${port}/ok`)).rejects.toMatchObject({ code: "network-refused", message: expect.stringContaining("resolves to 127.0.0.1, a private or loopback address") });
    expect(hits).toEqual([]);
  });

  it("resolves names first: an allowed name that resolves to loopback is refused", async () => {
    await expect(get({ allowHosts: ["localhost"], allowPrivateAddresses: [] }, `http://localhost:${port}/ok`)).rejects.toMatchObject({ message: expect.stringMatching(/resolves to (127\.0\.0\.1|::1)/) });
    expect(hits).toEqual([]);
  });

  it("refuses hosts off the allow-list without resolving them", async () => {
    const resolved: string[] = [];
    const resolveHost = async (name: string) => {
      resolved.push(name);
      return ["93.184.216.34"];
    };
    await expect(get({ resolveHost }, "http://example.com/")).rejects.toMatchObject({ message: expect.stringContaining('host "example.com" is not on the allow-list') });
    await expect(get({ resolveHost, allowHosts: ["*.example.com"] }, "http://example.com.evil.net/")).rejects.toMatchObject({ code: "network-refused" });
    await expect(get({ resolveHost, allowHosts: ["example.com"] }, "http://evilexample.com/")).rejects.toMatchObject({ code: "network-refused" });
    expect(resolved).toEqual([]);
  });

  it.each([
    ["another host off the list", (p: number) => `http://localhost:${p}/ok`, /host "localhost" is not on the allow-list/],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/", /host "169.254.169.254" is not on the allow-list/],
    ["an allowed name that resolves to a private address", () => "http://rebind.test/", /rebind.test" resolves to 10.0.0.7/],
    ["a name with one public and one loopback address", () => "http://mixed.test/", /mixed.test" resolves to 127.0.0.2/],
    ["a non-http scheme", () => "file:///etc/passwd", /only http and https/],
  ])("re-checks every redirect hop: refuses %s", async (_label, target, message) => {
    const resolveHost = async (name: string) => ({ "rebind.test": ["10.0.0.7"], "mixed.test": ["93.184.216.34", "127.0.0.2"] })[name] ?? [];
    const url = `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(target(port))}`;
    await expect(get({ resolveHost, allowHosts: ["127.0.0.1", "rebind.test", "mixed.test"] }, url)).rejects.toMatchObject({ message: expect.stringMatching(message) });
    expect(hits).toEqual([`127.0.0.1:${port} /redirect`]);
  });

  it("follows a redirect that passes the checks, and caps redirect chains", async () => {
    expect(await get({}, `http://127.0.0.1:${port}/redirect?to=/ok`)).toContain("hello from the allowed site");
    await expect(get({}, `http://127.0.0.1:${port}/loop`)).rejects.toMatchObject({ message: expect.stringContaining("more than 3 redirects") });
    expect(hits.filter((hit) => hit.endsWith("/loop"))).toHaveLength(4);
  });

  it.each([
    [(p: number) => `http://2130706433:${p}/ok`, /resolves to 127.0.0.1/],
    [(p: number) => `http://0x7f.1:${p}/ok`, /resolves to 127.0.0.1/],
    [(p: number) => `http://[::ffff:127.0.0.1]:${p}/ok`, /host "::ffff:7f00:1" is not on the allow-list/],
    [(p: number) => `http://user:pw@127.0.0.1:${p}/ok`, /URLs with credentials are not allowed/],
  ])("sees through address spellings: %s", async (url, message) => {
    await expect(get({ allowPrivateAddresses: [] }, url(port))).rejects.toMatchObject({ message: expect.stringMatching(message) });
    expect(hits).toEqual([]);
  });

  it("connects to the address it checked (no second lookup)", async () => {
    const resolveHost = async (name: string) => (name === "app.test" ? ["127.0.0.1"] : []);
    expect(await get({ resolveHost, allowHosts: ["app.test"] }, `http://app.test:${port}/ok`)).toContain("hello from the allowed site");
    expect(hits).toEqual([`app.test:${port} /ok`]);
  });

  it("cuts big bodies and times out slow ones", async () => {
    const big = await get({ maxBytes: 1000 }, `http://127.0.0.1:${port}/big`);
    expect(big.endsWith(`${"y".repeat(1000)}\n[body cut at 1000 bytes]`)).toBe(true);
    await expect(get({ timeoutMs: 200 }, `http://127.0.0.1:${port}/slow`)).rejects.toMatchObject({ code: "timeout" });
  });
});
