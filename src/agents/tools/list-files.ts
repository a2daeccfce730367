import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ToolError } from "../agent-errors.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { openInsideRoot } from "./open-inside-root.js";

const listFilesInput = z.object({
  /** Folder relative to the allowed folder. */
  path: z.string().max(4096).default(".").describe("folder to list, relative to the allowed folder (default: the folder itself)"),
  /** List sub-folders too. */
  recursive: z.boolean().default(false).describe("also list what is inside sub-folders"),
});

/** Options for `listFilesTool`. */
export interface ListFilesToolOptions {
  /** The only folder the tool may list. */
  root: string;
  /** Most entries returned (default 500). */
  maxEntries?: number;
  /** Deepest level listed when recursive (default 5). */
  maxDepth?: number;
}

/** The `list_files` tool: lists a folder inside the allowed folder; folders end with `/`, symlinks with `@` and are not followed. */
export function listFilesTool(options: ListFilesToolOptions): AgentTool<z.infer<typeof listFilesInput>> {
  const maxEntries = options.maxEntries ?? 500;
  const maxDepth = options.maxDepth ?? 5;
  return defineTool({
    name: "list_files",
    description: "Lists the files in a folder of the allowed folder (folders end with /). Paths are relative to the allowed folder.",
    inputSchema: listFilesInput,
    execute: async ({ path: requested, recursive }) => {
      const lines: string[] = [];
      let cut = false;
      // Each folder is opened and checked before it is read, so a folder swapped for a symlink on the way is refused.
      const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
        const opened = await openInsideRoot({ root: options.root, requested: folder, toolName: "list_files" });
        let entries: Dirent[];
        try {
          if (!opened.stats.isDirectory()) throw new ToolError({ toolName: "list_files", code: "not-a-folder", message: `"${requested}" is a file`, hint: "use read_file for files" });
          entries = await readdir(opened.path, { withFileTypes: true });
        } finally {
          await opened.handle.close();
        }
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
          if (lines.length >= maxEntries) {
            cut = true;
            return;
          }
          const name = `${prefix}${entry.name}`;
          if (entry.isSymbolicLink()) lines.push(`${name}@`);
          else if (entry.isDirectory()) {
            lines.push(`${name}/`);
            if (recursive && depth < maxDepth) await walk(path.join(folder, entry.name), `${name}/`, depth + 1);
          } else lines.push(name);
        }
      };
      await walk(requested, "", 1);
      if (lines.length === 0) return "(empty folder)";
      return cut ? `${lines.join("\n")}\n[listing cut at ${maxEntries} entries]` : lines.join("\n");
    },
  });
}
