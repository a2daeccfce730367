import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { ModelDownloadError, ModelHashMismatchError, listModels, pullModel } from "./index.js";
import type { PullProgress } from "./index.js";

const body = randomBytes(3 * 1024 * 1024);
const sha256 = createHash("sha256").update(body).digest("hex");

/** The test server's behaviour for the next requests. */
const server = {
  cutAfter: undefined as number | undefined,
  /** When set, half the body is sent and the rest waits until this promise resolves. */
  holdUntil: undefined as Promise<void> | undefined,
  ranges: [] as (string | undefined)[],
  instance: undefined as Server | undefined,
};
let baseUrl = "";

beforeAll(async () => {
  server.instance = createServer((request, response) => {
    server.ranges.push(request.headers.range);
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    const start = match ? Number(match[1]) : 0;
    const slice = body.subarray(start);
    response.writeHead(match ? 206 : 200, { "content-length": String(slice.length), "content-type": "application/octet-stream" });
    if (server.cutAfter !== undefined) {
      // Send part of the body, then drop the connection, as a dying server or a lost network would.
      response.write(slice.subarray(0, server.cutAfter), () => response.socket?.destroy());
      return;
    }
    if (server.holdUntil !== undefined) {
      const half = Math.floor(slice.length / 2);
      response.write(slice.subarray(0, half));
      void server.holdUntil.then(() => response.end(slice.subarray(half)));
      return;
    }
    response.end(slice);
  });
  await new Promise<void>((resolve) => server.instance!.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.instance!.address() as AddressInfo).port}`;
});
afterAll(() => server.instance?.close());

let home = "";
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "flywheel-pull-url-"));
  server.cutAfter = undefined;
  server.holdUntil = undefined;
  server.ranges = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function entry(overrides: Partial<LocalCatalogEntry> = {}): LocalCatalogEntry {
  return {
    alias: "tiny-chat",
    aliases: [],
    kind: "chat",
    format: "gguf",
    name: "tiny",
    description: "test model",
    license: "Apache-2.0",
    contextWindow: 512,
    capabilities: { streaming: true, tools: false, json: false, vision: false },
    pricing: { inputPerMillionTokens: 0, outputPerMillionTokens: 0 },
    mainFile: "tiny.gguf",
    files: [{ name: "tiny.gguf", sha256, size: body.length }],
    sources: [{ type: "url", files: [{ name: "tiny.gguf", url: `${baseUrl}/tiny.gguf` }] }],
    ...overrides,
  };
}

describe("pulling from a URL", () => {
  it("leaves no complete-looking file when the server dies mid-body, and resumes on the next pull", async () => {
    const catalog = [entry()];
    const final = path.join(home, "models", "tiny-chat", "tiny.gguf");
    server.cutAfter = 1024 * 1024;
    const error = await pullModel({ home, source: "tiny-chat", catalog }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect((error as ModelDownloadError).hint).toMatch(/resume/);
    expect(existsSync(final)).toBe(false);
    expect(existsSync(path.join(home, "models", "tiny-chat", "manifest.json"))).toBe(false);
    const partialSize = statSync(`${final}.partial`).size;
    expect(partialSize).toBeGreaterThan(0);
    expect(partialSize).toBeLessThan(body.length);
    expect(await listModels(home)).toEqual([]);

    server.cutAfter = undefined;
    const events: PullProgress[] = [];
    const pulled = await pullModel({ home, source: "tiny-chat", catalog, onProgress: (event) => events.push(event) });
    expect(server.ranges.at(-1)).toBe(`bytes=${partialSize}-`);
    expect(pulled.sha256).toBe(sha256);
    expect(readFileSync(final).equals(body)).toBe(true);
    expect(existsSync(`${final}.partial`)).toBe(false);
    const downloads = events.filter((event) => event.phase === "download");
    expect(downloads[0]!.bytesDone).toBe(partialSize);
    expect(downloads.at(-1)).toMatchObject({ bytesDone: body.length, bytesTotal: body.length, file: "tiny.gguf" });
    expect(events.some((event) => event.phase === "verify" && event.bytesDone === body.length)).toBe(true);
  });

  it("rejects a file whose SHA-256 differs and leaves nothing behind", async () => {
    const catalog = [entry({ files: [{ name: "tiny.gguf", sha256: "0".repeat(64), size: body.length }] })];
    const error = await pullModel({ home, source: "tiny-chat", catalog }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelHashMismatchError);
    expect((error as ModelHashMismatchError).file).toBe(path.join(home, "models", "tiny-chat", "tiny.gguf"));
    expect((error as ModelHashMismatchError).hint).toBe("pull it again: `flywheel models pull --force tiny-chat`");
    expect(existsSync(path.join(home, "models", "tiny-chat", "tiny.gguf"))).toBe(false);
    expect(existsSync(path.join(home, "models", "tiny-chat", "tiny.gguf.partial"))).toBe(false);
  });

  it("pulls an ad-hoc .gguf URL under an alias made from its file name", async () => {
    const pulled = await pullModel({ home, source: `${baseUrl}/files/My-Model.Q4_0.gguf` });
    expect(pulled).toMatchObject({ alias: "my-model.q4_0", kind: "chat", format: "gguf", sha256, size: body.length, fetched: true });
    const again = await pullModel({ home, source: `${baseUrl}/files/My-Model.Q4_0.gguf` });
    expect(again.fetched).toBe(false);
    expect(server.ranges).toHaveLength(1);
  });

  it("lets a second pull of the same model wait for the first instead of writing the same file", async () => {
    const catalog = [entry()];
    let release = () => undefined as void;
    server.holdUntil = new Promise<void>((resolve) => (release = resolve));
    const downloading = new Promise<void>((resolve) => {
      server.instance!.once("request", () => resolve());
    });
    const first = pullModel({ home, source: "tiny-chat", catalog });
    await downloading;
    // The first pull holds the lock mid-download: the second must wait for it, not download too.
    const messages: string[] = [];
    let secondResult: Awaited<ReturnType<typeof pullModel>> | undefined;
    const waiting = new Promise<void>((resolve) => {
      void pullModel({ home, source: "tiny-chat", catalog, onProgress: (event) => {
        messages.push(event.message ?? "");
        if (event.message?.startsWith("waiting for another pull of tiny-chat")) resolve();
      } }).then((result) => (secondResult = result));
    });
    await waiting;
    release();
    const firstResult = await first;
    await vi.waitFor(() => expect(secondResult).toBeDefined(), { timeout: 10_000 });
    expect(server.ranges).toHaveLength(1);
    expect([firstResult.fetched, secondResult!.fetched]).toEqual([true, false]);
    expect(secondResult!.sha256).toBe(sha256);
    expect(existsSync(path.join(home, "models", "tiny-chat", ".pull.lock"))).toBe(false);
  });

  it("sends HF_TOKEN only to Hugging Face and keeps it out of errors", async () => {
    const seen: (string | undefined)[] = [];
    const fetchSpy: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers).get("authorization") ?? undefined);
      return new Response("no", { status: 401, statusText: "Unauthorized" });
    };
    const token = "hf_abcdefghijklmnopqrstuvwxyz0123";
    const error = await pullModel({
      home,
      source: "https://huggingface.co/org/repo/resolve/main/model.gguf",
      env: { HF_TOKEN: token },
      fetch: fetchSpy,
    }).catch((caught: unknown) => caught);
    expect(seen).toEqual([`Bearer ${token}`]);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect((error as ModelDownloadError).hint).toMatch(/HF_TOKEN/);
    expect(JSON.stringify((error as ModelDownloadError).toJSON())).not.toContain(token);
    await pullModel({ home, source: `${baseUrl}/other.gguf`, env: { HF_TOKEN: token }, fetch: fetchSpy }).catch(() => undefined);
    expect(seen.at(-1)).toBeUndefined();
  });
});
