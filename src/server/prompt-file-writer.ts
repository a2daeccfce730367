import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import { FlywheelError } from "../errors/index.js";

/** Model parameters the playground sends and prompt files keep. */
export const promptParameterFields = {
  system: z.string().max(100_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(32_768).optional(),
  topP: z.number().min(0).max(1).optional(),
  seed: z.number().int().min(0).optional(),
};

/** A file name the workbench may write: letters, digits, `-` and `_`. */
export const savedNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-_]{0,63}$/i, "letters, digits, - and _ (up to 64)");

/** What a saved prompt file holds. */
export interface SavedPrompt {
  name: string;
  model?: string;
  prompt: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
}

/** The path of `<name><extension>` inside `directory`, refusing anything that is not a plain file name there. */
export function fileInside(directory: string, name: string, extension: string): string {
  const file = path.resolve(directory, `${name}${extension}`);
  if (path.dirname(file) !== path.resolve(directory)) throw new FlywheelError({ code: "invalid-request", message: "name: not a plain file name" });
  return file;
}

/**
 * Writes `<directory>/<name>.prompt.md`: YAML front matter (model, system and the
 * parameters as top-level keys, as prompt files declare them) and the template as the body.
 */
export async function writePromptFile(directory: string, prompt: SavedPrompt): Promise<string> {
  const file = fileInside(directory, prompt.name, ".prompt.md");
  const frontMatter = Object.fromEntries(
    Object.entries({ model: prompt.model, system: prompt.system, temperature: prompt.temperature, maxTokens: prompt.maxTokens, topP: prompt.topP, seed: prompt.seed }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  const head = Object.keys(frontMatter).length === 0 ? "" : `---\n${stringifyYaml(frontMatter)}---\n`;
  await mkdir(directory, { recursive: true });
  await writeFile(file, `${head}${prompt.prompt}\n`);
  return file;
}
