import { z } from "zod";
import { fileToolsSettingsSchema } from "../../config/index.js";
import { ToolError } from "../agent-errors.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { openInsideRoot } from "./open-inside-root.js";

const readFileInput = z.object({
  /** File path relative to the allowed folder. */
  path: z.string().min(1).max(4096).describe("path of the file, relative to the allowed folder"),
});

/** Options for `readFileTool`. */
export interface ReadFileToolOptions {
  /** The only folder the tool may read from. */
  root: string;
  /** Most bytes returned from one file (default: that of `agents.tools.files.maxBytes` in config); longer files are cut and say so. */
  maxBytes?: number;
}

/** The `read_file` tool: reads a text file inside one allowed folder; no path or symlink may lead out of it. */
export function readFileTool(options: ReadFileToolOptions): AgentTool<z.infer<typeof readFileInput>> {
  const maxBytes = options.maxBytes ?? fileToolsSettingsSchema.parse({}).maxBytes;
  return defineTool({
    name: "read_file",
    description: "Reads a text file from the allowed folder and returns its content. Paths are relative to that folder.",
    inputSchema: readFileInput,
    execute: async ({ path: requested }) => {
      const { handle, stats: stat } = await openInsideRoot({ root: options.root, requested, toolName: "read_file" });
      try {
        if (!stat.isFile()) throw new ToolError({ toolName: "read_file", code: "not-a-file", message: `"${requested}" is a folder`, hint: "use list_files for folders" });
        const buffer = Buffer.alloc(Math.min(stat.size, maxBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const content = buffer.subarray(0, bytesRead);
        if (content.subarray(0, 8192).includes(0)) throw new ToolError({ toolName: "read_file", code: "binary-file", message: `"${requested}" is a binary file` });
        const text = content.toString("utf8");
        return stat.size > maxBytes ? `${text}\n[file cut at ${maxBytes} of ${stat.size} bytes]` : text;
      } finally {
        await handle.close();
      }
    },
  });
}
