import { parse as parseYaml } from "yaml";
import { decodeText } from "./decode-text.js";
import type { DocumentLoader } from "./loaded-document.js";

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

/** Markdown: the title from front matter or the first `#` heading; front matter is not indexed. */
export const loadMarkdown: DocumentLoader = async ({ bytes, source, fileName }) => {
  let text = decodeText(bytes, source);
  let firstLine = 1;
  let title: string | undefined;
  const front = FRONT_MATTER.exec(text);
  if (front !== null) {
    try {
      const data: unknown = parseYaml(front[1]!);
      if (typeof data === "object" && data !== null && typeof (data as { title?: unknown }).title === "string") title = (data as { title: string }).title;
    } catch {
      // Not YAML after all: keep it as text.
    }
    firstLine += front[0].split("\n").length - 1;
    text = text.slice(front[0].length);
  }
  title ??= /^#\s+(.+?)\s*#*\s*$/m.exec(text)?.[1] ?? fileName;
  return { source, title, kind: "markdown", format: "markdown", segments: [{ text, firstLine }], metadata: { extension: extensionOf(fileName) } };
};

/** The lower-case extension without its dot, or "". */
export function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName);
  return match === null ? "" : match[1]!.toLowerCase();
}
