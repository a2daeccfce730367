import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { registerSecret } from "../../secrets/index.js";
import { ModelDownloadError, ModelStoreDiskError } from "./model-store-errors.js";
import { partialPath } from "./atomic-file.js";

/** Options for `downloadUrl`. */
export interface DownloadUrlOptions {
  /** The file to fetch. */
  url: string;
  /** Where the finished file will live; bytes go to `<destination>.partial`. */
  destination: string;
  /** Environment to read HF_TOKEN from. */
  env: Record<string, string | undefined>;
  /** fetch implementation (tests, proxies). */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Called as bytes arrive, with the bytes written so far (resumed bytes included) and the total when known. */
  onBytes?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

/** What the server told about the file. */
export interface DownloadedFile {
  /** The `.partial` file holding the bytes; the caller verifies and renames it. */
  partial: string;
  /** SHA-256 announced by the server (Hugging Face's `X-Linked-Etag` for LFS files), if any. */
  announcedSha256: string | undefined;
}

/**
 * Streams a URL to `<destination>.partial`, resuming a partial file left by a cut-off
 * download with a Range request. A failure keeps the partial bytes for the next try;
 * nothing here ever writes the destination itself.
 */
export async function downloadUrl(options: DownloadUrlOptions): Promise<DownloadedFile> {
  const partial = partialPath(options.destination);
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const have = await existingSize(partial);
  const headers: Record<string, string> = { "user-agent": "flywheel" };
  const token = options.env.HF_TOKEN;
  if (token !== undefined && token !== "" && isHuggingFace(options.url)) {
    registerSecret(token);
    headers.authorization = `Bearer ${token}`;
  }
  if (have > 0) headers.range = `bytes=${have}-`;

  let response: Response;
  try {
    response = await fetchFunction(options.url, { headers, redirect: "follow", ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ModelDownloadError({ url: options.url, detail: describeNetworkError(error), cause: error });
  }
  if (response.status === 416 && have > 0) {
    // The partial file is not a prefix the server can continue (changed file, or already whole): start over.
    await response.body?.cancel();
    await rm(partial, { force: true });
    return downloadUrl(options);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new ModelDownloadError({ url: options.url, status: response.status, detail: `HTTP ${response.status} ${response.statusText}` });
  }
  const resumed = response.status === 206;
  const start = resumed ? have : 0;
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const total = Number.isFinite(length) ? start + length : undefined;
  const announcedSha256 = parseAnnouncedSha256(response.headers);

  let done = start;
  options.onBytes?.(done, total);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      options.onBytes?.(done, total);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
      counter,
      createWriteStream(partial, { flags: resumed ? "a" : "w" }),
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === "ENOSPC" || code === "EACCES" || code === "EROFS") {
      throw new ModelStoreDiskError({ path: partial, action: "write", cause: error });
    }
    throw new ModelDownloadError({
      url: options.url,
      detail: `the connection was cut after ${done} of ${total ?? "?"} bytes (${describeNetworkError(error)}); pulling again resumes`,
      cause: error,
    });
  }
  if (total !== undefined && done !== total) {
    throw new ModelDownloadError({ url: options.url, detail: `the body ended after ${done} of ${total} bytes; pulling again resumes` });
  }
  return { partial, announcedSha256 };
}

async function existingSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function isHuggingFace(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "huggingface.co" || host.endsWith(".huggingface.co") || host === "hf.co";
  } catch {
    return false;
  }
}

function parseAnnouncedSha256(headers: Headers): string | undefined {
  const value = headers.get("x-linked-etag") ?? "";
  const match = /^(?:W\/)?"?([0-9a-f]{64})"?$/.exec(value.trim());
  return match?.[1];
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
