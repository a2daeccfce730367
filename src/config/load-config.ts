import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError } from "../errors/index.js";
import { registerConfigSecrets } from "./register-config-secrets.js";
import { configFileSchema } from "./schema.js";
import type { ConfigFile, ConfigWithDefaults } from "./schema.js";

/** Names tried, in order, in the working directory and then each parent. */
export const CONFIG_FILE_NAMES = [
  "flywheel.config.ts",
  "flywheel.config.mts",
  "flywheel.config.js",
  "flywheel.config.mjs",
  "flywheel.config.yaml",
  "flywheel.config.yml",
];

/** Environment variables Flywheel reads. */
export type FlywheelEnvironment = Record<string, string | undefined>;

/**
 * Config after merging the file, the environment and the defaults: every section of the
 * config file with its defaults applied (see `configFileSchema`), and where things live.
 */
export interface FlywheelConfig extends Omit<ConfigWithDefaults, "store"> {
  /** Absolute path of the config file read, if any. */
  file: string | undefined;
  /** Directory that relative paths resolve against. */
  cwd: string;
  /** Flywheel's cache and model store (`FLYWHEEL_HOME`, default `~/.cache/flywheel`). */
  home: string;
  /** Store location: a file path or URL (`FLYWHEEL_DB`, else `store.url`). */
  storeUrl: string;
  /** The environment the config was read with; API keys are looked up here when a call is made. */
  env: FlywheelEnvironment;
}

/** Options for `loadConfig`. */
export interface LoadConfigOptions {
  /** Working directory (default `process.cwd()`). */
  cwd?: string;
  /** Explicit config file; when set it must exist. */
  configFile?: string;
  /** Environment (default `process.env`). */
  env?: FlywheelEnvironment;
  /** Config given in code; merged over the file. */
  overrides?: ConfigFile;
}

/** Identity helper that types a `flywheel.config.ts` file. */
export function defineConfig(config: ConfigFile): ConfigFile {
  return config;
}

/** Reads, validates and merges config from the file, the environment and defaults. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<FlywheelConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const file = options.configFile !== undefined ? path.resolve(cwd, options.configFile) : findConfigFile(cwd);
  if (options.configFile !== undefined && file !== undefined && !existsSync(file)) {
    throw new ConfigError({ file, key: "", found: "no such file", expected: "a config file", hint: "check the --config path" });
  }
  const raw = file === undefined ? {} : await readConfigFile(file);
  const fromFile = validate(raw, file ?? "config");
  if (options.overrides === undefined) return resolveConfig(fromFile, { file, cwd, env });
  validate(options.overrides, "config overrides");
  // Sections merge as written, before defaults, so an override's defaults never hide the file's values.
  return resolveConfig(validate({ ...(raw as ConfigFile), ...options.overrides }, file ?? "config"), { file, cwd, env });
}

function findConfigFile(start: string): string | undefined {
  let directory = start;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

// About 100 YAML levels: far beyond any config, far below what the YAML parser's recursion survives.
const MAX_YAML_SYNTAX_DEPTH = 300;

async function readConfigFile(file: string): Promise<unknown> {
  if (/\.(ya?ml)$/.test(file)) {
    // Loaded here, as jiti is below: a run without a YAML config never pays for the parser.
    const { parse: parseYaml, YAMLParseError } = await import("yaml");
    const { yamlNestingDepth } = await import("./yaml-nesting-depth.js");
    const text = readFileSync(file, "utf8");
    if (yamlNestingDepth(text) > MAX_YAML_SYNTAX_DEPTH) {
      throw new ConfigError({ file, key: "", found: "YAML nested more than 100 levels deep", expected: "a YAML mapping", hint: "a config file nests a few levels; check the file" });
    }
    try {
      return parseYaml(text) ?? {};
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : "";
      throw new ConfigError({
        file,
        key: "",
        found: `invalid YAML${where}`,
        expected: "a YAML mapping",
        hint: error instanceof Error ? error.message.split("\n")[0] : undefined,
      });
    }
  }
  const { createJiti } = await import("jiti");
  const jiti = createJiti(pathToFileURL(file).href, { interopDefault: true, moduleCache: false });
  try {
    return await jiti.import(file, { default: true });
  } catch (error) {
    throw new ConfigError({
      file,
      key: "",
      found: `a module that fails to load (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      expected: "a module whose default export is the config",
    });
  }
}

function validate(raw: unknown, file: string): ConfigWithDefaults {
  const result = configFileSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw issueToConfigError(issue, file);
}

function issueToConfigError(issue: z.core.$ZodIssue, file: string): ConfigError {
  const key = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const unknown = issue.keys.join(", ");
    return new ConfigError({
      file,
      key: key === "" ? issue.keys[0]! : `${key}.${issue.keys[0]!}`,
      found: `unknown key${issue.keys.length > 1 ? "s" : ""} ${unknown}`,
      expected: "only the documented keys",
      hint: "remove or rename the key (see the config reference in README.md)",
    });
  }
  const expected = issue.code === "invalid_type" ? describeExpected(issue.expected) : issue.message.replace(/^Invalid (input: )?/i, "");
  return new ConfigError({ file, key, found: describeFound(issue.input), expected });
}

function describeExpected(expected: string): string {
  return expected === "object" ? "a mapping" : `a ${expected}`;
}

function describeFound(input: unknown): string {
  if (input === undefined) return "nothing";
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function resolveConfig(parsed: ConfigWithDefaults, context: { file: string | undefined; cwd: string; env: FlywheelEnvironment }): FlywheelConfig {
  const { env, cwd } = context;
  for (const name of ["OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"]) checkUrlVariable(env, name);
  const home = path.resolve(cwd, env.FLYWHEEL_HOME || path.join(homedir(), ".cache", "flywheel"));
  const storeUrl = env.FLYWHEEL_DB || parsed.store.url;
  registerConfigSecrets(parsed, env);
  const { store: _store, ...sections } = parsed;
  return {
    ...sections,
    file: context.file,
    cwd,
    home,
    storeUrl: /^[a-z]+:/i.test(storeUrl) ? storeUrl : path.resolve(cwd, storeUrl),
    finetune: { ...parsed.finetune, python: env.FLYWHEEL_PYTHON || parsed.finetune.python },
    env,
  };
}

function checkUrlVariable(env: FlywheelEnvironment, name: string): void {
  const value = env[name];
  if (value === undefined || value === "") return;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new ConfigError({
      file: "environment",
      key: name,
      found: JSON.stringify(value),
      expected: "an http(s) URL such as http://localhost:8000/v1",
    });
  }
}
