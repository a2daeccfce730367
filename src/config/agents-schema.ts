import { z } from "zod";

/** Hard limits of an agent run; a run always ends, so steps and time have defaults. */
export const agentBudgetsSchema = z
  .object({
    /** Most model calls per run (default 10). */
    maxSteps: z.number().int().positive().default(10),
    /** Wall-clock limit per run, in milliseconds (default 300,000: 5 minutes). */
    maxTimeMs: z.number().int().positive().default(300_000),
    /** Most tokens (input and output) per run. */
    maxTokens: z.number().int().positive().optional(),
    /** Most US dollars per run. */
    maxCostUsd: z.number().positive().optional(),
    /** Most tool calls run in one step (default 16); the model is told the calls past it did not run. */
    maxToolCallsPerStep: z.number().int().positive().default(16),
    /** Most tool calls run in one run (default 100); the run stops with `max-tool-calls` when they are spent. */
    maxToolCalls: z.number().int().positive().default(100),
  })
  .strict();

/** An MCP server started as a child process; the command comes only from this file, arguments as a list, never through a shell. */
export const mcpStdioServerSchema = z
  .object({
    /** Executable to run, e.g. `npx` or `/usr/local/bin/my-server`. */
    command: z.string().min(1),
    /** Arguments, one per item. */
    args: z.array(z.string()).optional(),
    /** Extra environment variables (the server gets only these and a minimal PATH/HOME). */
    env: z.record(z.string(), z.string()).optional(),
    /** Working directory. */
    cwd: z.string().optional(),
  })
  .strict();

/** An MCP server reached over streamable HTTP. */
export const mcpHttpServerSchema = z
  .object({
    /** The server's MCP endpoint, e.g. `http://localhost:3000/mcp`. */
    url: z.url(),
    /** Headers sent with every request (e.g. an auth header). */
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** Settings of read_file and list_files. */
export const fileToolsSettingsSchema = z
  .object({
    /** The one folder they may read (default: the working folder). */
    root: z.string().min(1).optional(),
    /** Most bytes read from one file (default 100,000). */
    maxBytes: z.number().int().positive().default(100_000),
  })
  .strict();

/** Settings of http_get; it reaches nothing until hosts are allowed. */
export const httpGetSettingsSchema = z
  .object({
    /** Hosts that may be fetched: `example.com`, `*.example.com`, `host:port`. */
    allowHosts: z.array(z.string().min(1)).optional(),
    /** Private or loopback addresses or CIDR ranges that may be reached (default none). */
    allowPrivateAddresses: z.array(z.string().min(1)).default(() => []),
    /** Most bytes of a response body (default 200,000). */
    maxBytes: z.number().int().positive().default(200_000),
    /** Time limit per request, redirects included (default 10,000 ms). */
    timeoutMs: z.number().int().positive().default(10_000),
    /** Most redirects followed (default 3). */
    maxRedirects: z.number().int().min(0).max(10).default(3),
  })
  .strict();

/** Settings of search_collection. */
export const searchCollectionSettingsSchema = z
  .object({
    /** The collection searched. */
    collection: z.string().min(1),
    /** Passages returned per search (default 5). */
    k: z.number().int().min(1).max(20).default(5),
  })
  .strict();

/** Settings of run_js. */
export const runJsSettingsSchema = z
  .object({
    /** Time limit per run, in milliseconds (default 2,000). */
    timeoutMs: z.number().int().positive().max(60_000).default(2_000),
    /** Memory limit of the interpreter in megabytes (default 64); the whole sandbox process is stopped at this plus 160 MB. */
    memoryMb: z.number().int().min(8).max(1024).default(64),
    /** Most sandboxes running at once in one process; further calls wait, and their time limit starts when they run (default 4). */
    maxConcurrent: z.number().int().min(1).max(64).default(4),
  })
  .strict();

/** The `agents` section of the config file. */
export const agentsConfigSchema = z
  .object({
    /** Default budgets of every run; CLI flags and code override them. */
    budgets: agentBudgetsSchema.prefault({}),
    /** Most characters of one tool result given to the model (default 20,000). */
    maxToolOutputChars: z.number().int().positive().default(20_000),
    /** Stop when the model makes the same call (tool and input) this many times (default 3). */
    repeatLimit: z.number().int().min(2).default(3),
    /** Tools whose every call needs approval (default: http_get, run_js and every MCP tool). */
    requireApproval: z.array(z.string()).optional(),
    /** Settings of the built-in tools. */
    tools: z
      .object({
        /** read_file and list_files. */
        files: fileToolsSettingsSchema.prefault({}),
        http_get: httpGetSettingsSchema.prefault({}),
        search_collection: searchCollectionSettingsSchema.optional(),
        run_js: runJsSettingsSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    /** MCP servers by name; their tools are offered as `<name>__<tool>`. */
    mcpServers: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "a short name of letters, digits, _ or -"), z.union([mcpStdioServerSchema, mcpHttpServerSchema])).default(() => ({})),
  })
  .strict();

/** The `agents` config section, defaults applied. */
export type AgentsConfig = z.output<typeof agentsConfigSchema>;
/** One MCP server entry. */
export type McpServerConfig = z.infer<typeof mcpStdioServerSchema> | z.infer<typeof mcpHttpServerSchema>;
