import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { NotFoundError, UsageError } from "../../errors/index.js";
import { renderAtomFeed, renderDigest } from "../../radar/digest/index.js";
import type { DigestFormat } from "../../radar/digest/index.js";
import type { Digest } from "../../radar/radar-types.js";
import type { CommandContext } from "../command-context.js";
import type { RadarShowOptions } from "../commands/radar.js";
import { formatTime, renderTable } from "../output/format.js";
import { colors } from "../output/terminal.js";

/** Digests searched for an id prefix. */
const PREFIX_SEARCH = 500;

/** Prints recent digests as a table or JSON. */
export async function listDigests(context: CommandContext, options: { limit?: number; json?: boolean }): Promise<void> {
  const store = await context.store();
  const digests = (await store.radar.digests(options.limit ?? 20)).map((row) => row.body as Digest);
  if (options.json === true) {
    context.terminal.line(JSON.stringify(digests.map(({ id, createdAt, since, entries, modelChanges, failures }) => ({ id, createdAt, since, stories: entries.length, modelChanges: modelChanges.length, failures: failures.length })), null, 2));
    return;
  }
  if (digests.length === 0) {
    context.terminal.info("no digests yet: run `flywheel radar run`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["digest", "time", "stories", "model changes", "failed sources", "top story"],
      digests.map((digest) => [digest.id, formatTime(digest.createdAt), String(digest.entries.length), String(digest.modelChanges.length), String(digest.failures.length), (digest.entries[0]?.title ?? "-").slice(0, 60)]),
    ),
  );
}

/** Prints (or writes) one stored digest, found by id or unique prefix. */
export async function showDigest(context: CommandContext, id: string, options: RadarShowOptions): Promise<void> {
  const store = await context.store();
  let found = await store.radar.digest(id);
  if (found === undefined && id.length >= 6) {
    const matches = (await store.radar.digests(PREFIX_SEARCH)).filter((digest) => digest.id.startsWith(id));
    if (matches.length > 1) throw new UsageError(`digest id prefix "${id}" matches ${matches.length} digests`, "give more characters of the id");
    found = matches[0];
  }
  if (found === undefined) throw new NotFoundError({ what: "digest", id, hint: "run `flywheel radar digests` to list them" });
  await printDigest(context, found.body as Digest, options);
}

/** Prints an Atom feed of the recent digests. */
export async function printFeed(context: CommandContext, options: { limit?: number }): Promise<void> {
  const store = await context.store();
  const digests = (await store.radar.digests(options.limit ?? 20)).map((row) => row.body as Digest);
  context.terminal.out(renderAtomFeed(digests, { now: Date.now() }));
  context.terminal.line();
}

/** Writes the digest in the chosen format to `--output`, or prints it (colour on an interactive terminal). */
export async function printDigest(context: CommandContext, digest: Digest, options: RadarShowOptions): Promise<void> {
  const format = options.format ?? (options.output === undefined ? "terminal" : formatFromExtension(options.output));
  const text = renderDigest(digest, format, { color: options.output === undefined && context.terminal.interactive && colors.isColorSupported });
  if (options.output === undefined) {
    context.terminal.out(text);
    return;
  }
  await mkdir(path.dirname(path.resolve(options.output)), { recursive: true });
  await writeFile(options.output, text);
  context.terminal.info(`wrote the digest to ${options.output}`);
}

function formatFromExtension(file: string): DigestFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".md" || extension === ".markdown") return "markdown";
  if (extension === ".html" || extension === ".htm") return "html";
  if (extension === ".json") return "json";
  return "terminal";
}
