// The careless agent's own tools, written the way many first versions are: any URL, any file,
// code run in the agent's own process. Do not copy these; see hardened.agent.yaml.
/* global fetch */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { z } from "zod";

const require = createRequire(import.meta.url);

export const tools = [
  {
    name: "fetch_url",
    description: "Fetches any URL and returns the body.",
    inputSchema: z.object({ url: z.string() }),
    execute: async ({ url }) => (await fetch(url)).text(),
  },
  {
    name: "read_any_file",
    description: "Reads any file on the machine.",
    inputSchema: z.object({ path: z.string() }),
    execute: async ({ path }) => readFile(path, "utf8"),
  },
  {
    name: "run_code",
    description: "Evaluates a JavaScript expression and returns its value.",
    inputSchema: z.object({ code: z.string() }),
    execute: async ({ code }) => String(await new Function("require", `return (${code})`)(require)),
  },
];
