import type { FlywheelEnvironment, ProviderConfig } from "../../config/index.js";
import { MissingApiKeyError } from "../../errors/index.js";

/** The API shapes a provider can have: its config `type`, or its own name for the built-in ones. */
export type ProviderKind = NonNullable<ProviderConfig["type"]>;

/** Where a hosted provider kind reads its base URL and key when its config names neither. */
const KIND_DEFAULTS: Readonly<Partial<Record<ProviderKind, { baseURLEnv: string; defaultBaseURL: string; keyEnv: string; envBaseURL?: (value: string) => string }>>> = {
  openai: { baseURLEnv: "OPENAI_BASE_URL", defaultBaseURL: "https://api.openai.com/v1", keyEnv: "OPENAI_API_KEY" },
  anthropic: { baseURLEnv: "ANTHROPIC_BASE_URL", defaultBaseURL: "https://api.anthropic.com/v1", keyEnv: "ANTHROPIC_API_KEY", envBaseURL: anthropicEnvBaseURL },
};

const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";

/** Where one provider's requests go and how its key is found. */
export interface ProviderCredentials {
  /** Base URL without trailing slashes: config `baseURL`, else the kind's variable, else its default; undefined when none applies. */
  readonly baseURL: string | undefined;
  /** The environment variable the key comes from (config `apiKeyEnv` or the kind's own), if any. */
  readonly keyVariable: string | undefined;
  /** Whether a key is set (config or environment); null where the provider needs none (a local server). */
  keySet(): boolean | null;
  /** The key, read now (so a key exported after start is seen); a missing one throws MissingApiKeyError. */
  readKey(): string;
}

/**
 * The one place a provider's base URL and key are resolved: the registry's clients, hosted
 * fine-tuning and the workbench's provider list all read them here. The kind is the config's
 * `type`, else the provider's name (`openai`, `anthropic`, `ollama`); other names are OpenAI-compatible.
 */
export function resolveProviderCredentials(name: string, config: ProviderConfig, env: FlywheelEnvironment): ProviderCredentials {
  const kind = providerKind(name, config);
  const defaults = KIND_DEFAULTS[kind];
  const fromEnv = defaults === undefined ? undefined : env[defaults.baseURLEnv];
  const envBaseURL = fromEnv === undefined ? undefined : (defaults?.envBaseURL?.(fromEnv) ?? fromEnv);
  const configuredBaseURL = config.baseURL ?? envBaseURL ?? defaults?.defaultBaseURL;
  const baseURL = (kind === "ollama" ? (config.baseURL ?? `${normaliseOllamaHost(env.OLLAMA_HOST)}/v1`) : configuredBaseURL)?.replace(/\/+$/, "");
  const keyVariable = config.apiKeyEnv ?? defaults?.keyEnv;
  const needsKey = defaults !== undefined || config.apiKey !== undefined || config.apiKeyEnv !== undefined;
  const read = () => config.apiKey ?? (keyVariable === undefined ? undefined : env[keyVariable]);
  return {
    baseURL,
    keyVariable,
    keySet: () => (needsKey ? (read() ?? "") !== "" : null),
    readKey() {
      const key = read();
      if (key === undefined || key === "") throw new MissingApiKeyError({ provider: name, environmentVariable: keyVariable ?? `${name.toUpperCase()}_API_KEY` });
      return key;
    },
  };
}

/** A provider's kind: its config `type`, else its name when that is a built-in kind, else OpenAI-compatible. */
export function providerKind(name: string, config: ProviderConfig): ProviderKind {
  if (config.type !== undefined) return config.type;
  return name === "openai" || name === "anthropic" || name === "ollama" ? name : "openai-compatible";
}

/** Turns `OLLAMA_HOST` values such as `0.0.0.0:11434` or `myhost` into a URL a client can use. */
export function normaliseOllamaHost(host: string | undefined): string {
  if (host === undefined || host.trim() === "") return DEFAULT_OLLAMA_HOST;
  const value = host.trim();
  // As Ollama reads it: no scheme means http on port 11434; with a scheme, that scheme's port.
  const hasScheme = /^https?:\/\//.test(value);
  const url = new URL(hasScheme ? value : `http://${value}`);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  if (!hasScheme && url.port === "") url.port = "11434";
  return url.toString().replace(/\/+$/, "");
}

/**
 * `ANTHROPIC_BASE_URL` names the host root, as the Anthropic SDK and promptfoo read it
 * (requests go to `<root>/v1/messages`), while a config `baseURL` includes `/v1`. A value
 * that already ends in `/v1` is taken as it is, so setups written that way keep working.
 */
function anthropicEnvBaseURL(value: string): string {
  const trimmed = value.replace(/\/+$/, "");
  return trimmed.endsWith("/v1") ? trimmed : `${trimmed}/v1`;
}
