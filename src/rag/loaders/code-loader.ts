import type { SupportedTextSplitterLanguage } from "@langchain/textsplitters";
import { decodeText } from "./decode-text.js";
import type { DocumentLoader } from "./loaded-document.js";
import { extensionOf } from "./markdown-loader.js";

/** Source file extensions and the splitter language that knows their declarations. */
export const codeLanguages: Record<string, SupportedTextSplitterLanguage> = {
  ts: "js", tsx: "js", js: "js", jsx: "js", mjs: "js", cjs: "js", mts: "js", cts: "js",
  py: "python", go: "go", rs: "rust", java: "java", kt: "java", scala: "scala", swift: "swift",
  c: "cpp", h: "cpp", cc: "cpp", cpp: "cpp", hpp: "cpp", cs: "java", php: "php", rb: "ruby",
  proto: "proto", sol: "sol", tex: "latex", rst: "rst",
};

/** Source code: cut at its language's declarations, then lines; each chunk keeps its line range. */
export const loadCode: DocumentLoader = async ({ bytes, source, fileName }) => {
  const extension = extensionOf(fileName);
  const language = Object.hasOwn(codeLanguages, extension) ? codeLanguages[extension] : undefined;
  return {
    source,
    title: fileName,
    kind: "code",
    format: "code",
    ...(language === undefined ? {} : { language }),
    segments: [{ text: decodeText(bytes, source) }],
    metadata: { extension, language: language ?? extension },
  };
};
