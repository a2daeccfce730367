import { glob, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import { walkFolder } from "./walk-folder.js";

/** What ingest inputs expand to. */
export interface ResolvedInputs {
  /** Files to load, with their source names (relative to the working folder, `/`-separated). */
  files: { path: string; source: string }[];
  /** BEIR corpora (`corpus.jsonl`), each holding many documents. */
  corpora: { path: string; source: string }[];
  /** URLs to fetch. */
  urls: string[];
  /**
   * Which stored documents these inputs cover: a stored document inside a scope that was not
   * found again has been deleted. Folders cover everything under them, globs what they match.
   */
  scopes: Scope[];
}

/** A part of the collection an input speaks for. */
export type Scope = { kind: "exact"; source: string } | { kind: "folder"; prefix: string } | { kind: "glob"; pattern: string };

/** Expands paths, folders, globs and URLs; an input that matches nothing is a usage error. */
export async function resolveInputs(inputs: string[], options: { cwd: string; excludes?: string[] }): Promise<ResolvedInputs> {
  const resolved: ResolvedInputs = { files: [], corpora: [], urls: [], scopes: [] };
  const toSource = (file: string) => path.relative(options.cwd, file).split(path.sep).join("/") || path.basename(file);
  const addFile = (file: string) => {
    const entry = { path: file, source: toSource(file) };
    if (path.basename(file) === "corpus.jsonl") resolved.corpora.push(entry);
    else resolved.files.push(entry);
  };
  for (const input of inputs) {
    if (/^https?:\/\//i.test(input)) {
      resolved.urls.push(input);
      continue;
    }
    const full = path.resolve(options.cwd, input);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const file of await walkFolder(full, options.excludes)) addFile(file);
      const prefix = toSource(full);
      resolved.scopes.push({ kind: "folder", prefix: full === options.cwd ? "" : `${prefix}/` });
    } else if (info?.isFile()) {
      addFile(full);
      resolved.scopes.push({ kind: "exact", source: toSource(full) });
    } else {
      const matches: string[] = [];
      for await (const match of glob(input, { cwd: options.cwd, exclude: (name) => ["node_modules", ".git", ".flywheel"].includes(path.basename(name)) })) {
        const file = path.resolve(options.cwd, match);
        if ((await stat(file).catch(() => undefined))?.isFile()) matches.push(file);
      }
      if (matches.length === 0) throw new UsageError(`"${input}" is not a file, folder, glob with matches, or http(s) URL`, "check the path; quote globs so the shell passes them through");
      matches.sort().forEach(addFile);
      resolved.scopes.push({ kind: "glob", pattern: toSource(path.resolve(options.cwd, input)) });
    }
  }
  return resolved;
}

/** True when a stored source lies inside one of the scopes. */
export function inScope(source: string, scopes: Scope[]): boolean {
  return scopes.some((scope) => {
    if (scope.kind === "exact") return source === scope.source || source.startsWith(`${scope.source}#`);
    if (scope.kind === "folder") return /^https?:/.test(source) ? false : source.startsWith(scope.prefix);
    return path.matchesGlob(source.split("#")[0]!, scope.pattern);
  });
}
