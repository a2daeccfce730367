import { z } from "zod";

/** Hard limits of an agent run (each optional). */
export const agentBudgetsSchema = z
  .object({
    /** Most model calls per run. */
    maxSteps: z.number().int().positive().optional(),
    /** Wall-clock limit per run, in milliseconds. */
    maxTimeMs: z.number().int().positive().optional(),
    /** Most tokens (input and output) per run. */
    maxTokens: z.number().int().positive().optional(),
    /** Most US dollars per run. */
    maxCostUsd: z.number().positive().optional(),
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

/** The `agents` section of the config file. */
export const agentsConfigSchema = z
  .object({
    /** Default budgets of every run; CLI flags and code override them. */
    budgets: agentBudgetsSchema.optional(),
    /** Most characters of one tool result given to the model (default 20,000). */
    maxToolOutputChars: z.number().int().positive().optional(),
    /** Stop when the model makes the same call (tool and input) this many times (default 3). */
    repeatLimit: z.number().int().min(2).optional(),
    /** Tools whose every call needs approval (default: http_get, run_js and every MCP tool). */
    requireApproval: z.array(z.string()).optional(),
    /** Settings of the built-in tools. */
    tools: z
      .object({
        /** read_file and list_files. */
        files: z
          .object({
            /** The one folder they may read (default: the working folder). */
            root: z.string().min(1).optional(),
            /** Most bytes read from one file. */
            maxBytes: z.number().int().positive().optional(),
          })
          .strict()
          .optional(),
        http_get: z
          .object({
            /** Hosts that may be fetched: `example.com`, `*.example.com`, `host:port`. */
            allowHosts: z.array(z.string().min(1)).optional(),
            /** Private or loopback addresses or CIDR ranges that may be reached (default none). */
            allowPrivateAddresses: z.array(z.string().min(1)).optional(),
            /** Most bytes of a response body. */
            maxBytes: z.number().int().positive().optional(),
            /** Time limit per request, redirects included. */
            timeoutMs: z.number().int().positive().optional(),
            /** Most redirects followed. */
            maxRedirects: z.number().int().min(0).max(10).optional(),
          })
          .strict()
          .optional(),
        search_collection: z
          .object({
            /** The collection searched. */
            collection: z.string().min(1),
            /** Passages returned per search (default 5). */
            k: z.number().int().min(1).max(20).optional(),
          })
          .strict()
          .optional(),
        run_js: z
          .object({
            /** Time limit per run, in milliseconds (default 2,000). */
            timeoutMs: z.number().int().positive().max(60_000).optional(),
            /** Memory limit in megabytes (default 64). */
            memoryMb: z.number().int().min(8).max(1024).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** MCP servers by name; their tools are offered as `<name>__<tool>`. */
    mcpServers: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "a short name of letters, digits, _ or -"), z.union([mcpStdioServerSchema, mcpHttpServerSchema])).optional(),
  })
  .strict();

/** The `agents` config section as written. */
export type AgentsConfig = z.infer<typeof agentsConfigSchema>;
/** One MCP server entry. */
export type McpServerConfig = z.infer<typeof mcpStdioServerSchema> | z.infer<typeof mcpHttpServerSchema>;
