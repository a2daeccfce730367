// Retrieval test sets built from translated manual pages in Debian's packages, so that they can be
// rebuilt on any Debian machine and nobody tuned anything on them. Each page gives one query, the
// one-line summary of its NAME section without the command's name ("ls - list directory
// contents" gives "list directory contents"), and one relevant document, the rest of the page
// (synopsis, description, options) cut to its first 1,500 characters. Sets are written in the
// BEIR layout to ~/.cache/flywheel/bench/<name>/ with a manifest naming the package and version.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** A set to build: its folder name, the Debian package that carries the pages, and their language. */
export interface ManpageSet {
  name: string;
  debianPackage: string;
  language: string;
}

/** The sets: one English domain unlike web passages and Wikipedia, and four translations, two in non-Latin scripts. */
export const MANPAGE_SETS: ManpageSet[] = [
  { name: "manpages-en", debianPackage: "manpages", language: "English" },
  { name: "manpages-de", debianPackage: "manpages-de", language: "German" },
  { name: "manpages-fr", debianPackage: "manpages-fr", language: "French" },
  { name: "manpages-ja", debianPackage: "manpages-ja", language: "Japanese" },
  { name: "manpages-zh", debianPackage: "manpages-zh", language: "Chinese" },
];

/** Pages per set at most, taken evenly from the sorted list, so ingest stays within minutes. */
const MAX_PAGES = 500;
/** Characters of a page kept as its document. */
const MAX_DOCUMENT = 1500;

/** The folder of a set, building it first when it is missing; undefined (with a line on the console) when it cannot be built here. */
export function manpageSetFolder(set: ManpageSet, root = path.join(os.homedir(), ".cache", "flywheel", "bench")): string | undefined {
  const folder = path.join(root, set.name);
  if (existsSync(path.join(folder, "manifest.json"))) return folder;
  const work = mkdtempSync(path.join(os.tmpdir(), "flywheel-manpages-"));
  try {
    execFileSync("apt-get", ["download", set.debianPackage], { cwd: work, stdio: "ignore" });
    const deb = readdirSync(work).find((file) => file.endsWith(".deb"))!;
    execFileSync("dpkg-deb", ["-x", deb, "tree"], { cwd: work });
    const version = execFileSync("dpkg-deb", ["-f", deb, "Version"], { cwd: work, encoding: "utf8" }).trim();
    const pages = listPages(path.join(work, "tree", "usr", "share", "man"));
    const parsed = pages.flatMap((file) => {
      const page = parsePage(file);
      return page === undefined ? [] : [page];
    });
    const unique = [...new Map(parsed.map((page) => [page.query, page])).values()];
    const step = Math.max(1, unique.length / MAX_PAGES);
    const chosen = Array.from({ length: Math.min(MAX_PAGES, unique.length) }, (_, index) => unique[Math.floor(index * step)]!);
    mkdirSync(path.join(folder, "qrels"), { recursive: true });
    writeFileSync(path.join(folder, "corpus.jsonl"), chosen.map((page, index) => JSON.stringify({ _id: `d${index}`, title: page.title, text: page.text })).join("\n") + "\n");
    writeFileSync(path.join(folder, "queries.jsonl"), chosen.map((page, index) => JSON.stringify({ _id: `q${index}`, text: page.query })).join("\n") + "\n");
    writeFileSync(path.join(folder, "qrels", "test.tsv"), ["query-id\tcorpus-id\tscore", ...chosen.map((_, index) => `q${index}\td${index}\t1`)].join("\n") + "\n");
    writeFileSync(path.join(folder, "manifest.json"), JSON.stringify({ source: `Debian package ${set.debianPackage} ${version}`, language: set.language, pages: pages.length, documents: chosen.length, queries: chosen.length }, null, 2) + "\n");
    return folder;
  } catch (error) {
    console.log(`retrieval: ${set.name} skipped: cannot build it from Debian's ${set.debianPackage} here (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function listPages(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const file = path.join(folder, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.\d\w*\.gz$/.test(entry)) files.push(file);
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

/** The query (NAME's summary), title (the page name) and document (the other sections) of one page; undefined for links and pages not in UTF-8. */
function parsePage(file: string): { query: string; title: string; text: string } | undefined {
  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(gunzipSync(readFileSync(file)));
  } catch {
    return undefined;
  }
  const sections: string[][] = [];
  for (const line of source.split("\n")) {
    if (/^\.SH\b/.test(line)) sections.push([]);
    else if (sections.length > 0 && !/^\.\\"/.test(line) && !/^'\\"/.test(line)) sections.at(-1)!.push(line);
  }
  if (sections.length < 2) return undefined;
  const name = plain(sections[0]!.join(" "));
  const dash = name.search(/\s[-–—]\s/);
  if (dash < 0) return undefined;
  const query = name.slice(dash + 3).trim();
  const text = plain(sections.slice(1).flat().join("\n")).slice(0, MAX_DOCUMENT);
  if (query.length < 3 || text.length < 200) return undefined;
  return { query, title: path.basename(file).replace(/\.\d\w*\.gz$/, ""), text };
}

/** Groff source to plain text: macro names, font changes and escapes go, their words stay. */
function plain(groff: string): string {
  return groff
    .split("\n")
    .map((line) => line.replace(/^[.'][A-Za-z]+\s*/, "").replace(/^[.'].*$/, ""))
    .join("\n")
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, "")
    .replace(/\\s[-+]?\d/g, "")
    .replace(/\\\(em|\\\(en/g, "—")
    .replace(/\\-/g, "-")
    .replace(/\\e/g, "\\")
    .replace(/\\\*?\(../g, "")
    .replace(/\\[&,/|^~ ]/g, (match) => (match === "\\ " || match === "\\~" ? " " : ""))
    .replace(/"/g, "")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
