import path from "node:path";
import type { AgentsConfig } from "../../config/index.js";
import { FlywheelError } from "../../errors/index.js";
import { UnknownToolError } from "../agent-errors.js";
import type { AgentTool } from "./agent-tool.js";
import { calculatorTool } from "./calculator.js";
import { httpGetTool } from "./http-get.js";
import { listFilesTool } from "./list-files.js";
import { readFileTool } from "./read-file.js";
import { runJsTool } from "./run-js.js";
import { searchCollectionTool } from "./search-collection.js";
import type { CollectionSearcher } from "./search-collection.js";

/** Names of the built-in tools. Each is off unless named. */
export const builtInToolNames = ["calculator", "read_file", "list_files", "http_get", "search_collection", "run_js"] as const;

/** A built-in tool name. */
export type BuiltInToolName = (typeof builtInToolNames)[number];

/** Built-in tools that ask for approval on every call unless config says otherwise. */
export const riskyBuiltInTools: readonly BuiltInToolName[] = ["http_get", "run_js"];

/** What building the built-in tools needs besides config. */
export interface BuiltInToolContext {
  /** Tool settings from the `agents` config section. */
  settings: AgentsConfig["tools"];
  /** Folder that relative paths in config resolve against. */
  cwd: string;
  /** The RAG search of a named collection, for `search_collection`. */
  searchCollection?: (collection: string) => CollectionSearcher;
}

type Factory = (context: BuiltInToolContext) => AgentTool;

const factories: Record<BuiltInToolName, Factory> = {
  calculator: () => calculatorTool(),
  read_file: ({ settings, cwd }) => readFileTool({ root: path.resolve(cwd, settings.files.root ?? "."), maxBytes: settings.files.maxBytes }),
  list_files: ({ settings, cwd }) => listFilesTool({ root: path.resolve(cwd, settings.files.root ?? ".") }),
  http_get: ({ settings }) => {
    const http = settings.http_get;
    if (http.allowHosts === undefined || http.allowHosts.length === 0) {
      throw new FlywheelError({ code: "tool-not-configured", message: "http_get has no allowed hosts", hint: "list them under agents.tools.http_get.allowHosts in flywheel.config.yaml" });
    }
    return httpGetTool({ ...http, allowHosts: http.allowHosts });
  },
  search_collection: ({ settings, searchCollection }) => {
    const search = settings.search_collection;
    if (search === undefined) {
      throw new FlywheelError({ code: "tool-not-configured", message: "search_collection has no collection", hint: "name it under agents.tools.search_collection.collection in flywheel.config.yaml" });
    }
    if (searchCollection === undefined) {
      throw new FlywheelError({ code: "tool-not-configured", message: "search_collection is not available: no collection search was provided", hint: "pass searchCollection when building the tools" });
    }
    return searchCollectionTool({ collection: search.collection, searcher: searchCollection(search.collection), defaultK: search.k });
  },
  run_js: ({ settings }) => runJsTool(settings.run_js),
};

/** Whether `name` is a built-in tool. */
export function isBuiltInTool(name: string): name is BuiltInToolName {
  return (builtInToolNames as readonly string[]).includes(name);
}

/** Builds the named built-in tools from config; an unknown name or a tool that lacks its settings is an error. */
export function createBuiltInTools(names: readonly string[], context: BuiltInToolContext): AgentTool[] {
  return names.map((name) => {
    if (!isBuiltInTool(name)) throw new UnknownToolError({ name, known: [...builtInToolNames] });
    return factories[name](context);
  });
}
