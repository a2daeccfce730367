import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file as lower-case hex, streamed; `onBytes` reports progress. */
export async function sha256File(
  file: string,
  options: { signal?: AbortSignal; onBytes?: (bytesDone: number) => void } = {},
): Promise<string> {
  const hash = createHash("sha256");
  let done = 0;
  const stream = createReadStream(file, { highWaterMark: 1 << 20, ...(options.signal ? { signal: options.signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    done += chunk.length;
    options.onBytes?.(done);
  }
  return hash.digest("hex");
}
