/** A run of markdown under one heading path, with where it starts. */
export interface MarkdownSection {
  /** Headings above this section, outermost first. */
  headingPath: string[];
  /** The section's body (the heading line itself is not included). */
  text: string;
  /** 0-based line of the body's first line within the input. */
  firstLine: number;
}

// The title and its optional closing `#`s are taken apart in code: a pattern for both backtracks
// over every split of a long run of spaces, minutes for one line of a few thousand.
const HEADING = /^(#{1,6})[ \t]+(.*)$/s;
const FENCE = /^\s{0,3}(```|~~~)/;

/**
 * Splits markdown at ATX headings (`#` to `######`), outside fenced code blocks, keeping the path
 * of headings above each section. `initialPath` continues a path from an earlier piece.
 */
export function markdownSections(markdown: string, initialPath: string[] = []): MarkdownSection[] {
  const lines = markdown.split("\n");
  const sections: MarkdownSection[] = [];
  const path: { level: number; title: string }[] = initialPath.map((title, index) => ({ level: index + 1, title }));
  let fence: string | undefined;
  let body: string[] = [];
  let firstLine = 0;
  const flush = () => {
    if (body.some((line) => line.trim() !== "")) sections.push({ headingPath: path.map((item) => item.title), text: body.join("\n"), firstLine });
  };
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch !== null) fence = fence === undefined ? fenceMatch[1] : fence === fenceMatch[1] ? undefined : fence;
    const heading = fence === undefined ? HEADING.exec(line) : null;
    const title = heading === null ? "" : headingTitle(heading[2]!);
    if (heading === null || title === "") {
      body.push(line);
      return;
    }
    flush();
    const level = heading[1]!.length;
    while (path.length > 0 && path.at(-1)!.level >= level) path.pop();
    path.push({ level, title: title.replace(/[*_`]/g, "") });
    body = [];
    firstLine = index + 1;
  });
  flush();
  return sections;
}

/** A heading's text without its closing sequence of `#`s, which counts only after a space (CommonMark). */
function headingTitle(rest: string): string {
  const text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end--;
  return end === 0 || text[end - 1] === " " || text[end - 1] === "\t" ? text.slice(0, end).trim() : text;
}
