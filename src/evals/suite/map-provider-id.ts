/** What a promptfoo or Flywheel provider id refers to. */
export type MappedProviderId =
  | { kind: "model"; modelId: string }
  | { kind: "echo" }
  | { kind: "http"; url: string | undefined }
  | { kind: "function"; file: string; exportName: string | undefined }
  | { kind: "rag"; collection: string }
  | { kind: "agent"; modelId: string }
  | { kind: "redteam"; reference: string }
  | { kind: "unsupported"; reason: string };

const protocolPrefixes: Record<string, string[]> = {
  openai: ["chat", "responses", "completion"],
  anthropic: ["messages", "completion"],
  ollama: ["chat", "completion"],
  azure: ["chat"],
};

/**
 * Maps a provider id as promptfoo writes it to a Flywheel target: `openai:chat:gpt-4o`
 * and `openai:gpt-4o` become the registry id `openai:gpt-4o`, `anthropic:messages:<m>`
 * becomes `anthropic:<m>`, `ollama:chat:<m>` becomes `ollama:<m>`; `http`/`https` ids
 * and URLs are HTTP endpoints; `file://x.js` (or `.ts`, `.mjs`) is a custom provider;
 * `echo` echoes the prompt; `rag:<collection>` is a retrieval pipeline and
 * `agent:<provider:model>` an agent, `redteam:<target>` a red-team attack runner. Any other `provider:model` id is a Flywheel registry id.
 */
export function mapProviderId(id: string): MappedProviderId {
  const trimmed = id.trim();
  if (trimmed === "echo") return { kind: "echo" };
  if (trimmed === "http" || trimmed === "https") return { kind: "http", url: undefined };
  if (/^https?:\/\//i.test(trimmed)) return { kind: "http", url: trimmed };
  if (trimmed.startsWith("file://")) {
    const reference = trimmed.slice("file://".length);
    const match = /^(.*\.(?:[cm]?js|[cm]?ts))(?::([A-Za-z_$][\w$]*))?$/.exec(reference);
    if (match === null) return { kind: "unsupported", reason: `"${trimmed}" is not a JavaScript or TypeScript module (python and other script providers are not supported)` };
    return { kind: "function", file: match[1]!, exportName: match[2] };
  }
  if (/^redteam:./.test(trimmed)) return { kind: "redteam", reference: trimmed.slice("redteam:".length) };
  if (/^rag:./.test(trimmed)) return { kind: "rag", collection: trimmed.slice("rag:".length) };
  if (/^agent:[^:]+:./.test(trimmed)) return { kind: "agent", modelId: trimmed.slice("agent:".length) };
  if (/^(python|exec|golang|ruby):/.test(trimmed)) return { kind: "unsupported", reason: `script providers such as "${trimmed}" are not supported; wrap the script in a file:// JS provider` };
  const parts = trimmed.split(":");
  if (parts.length < 2 || parts.some((part, index) => part === "" && index < 2)) {
    return { kind: "unsupported", reason: `"${trimmed}" is not a provider id (expected provider:model, a URL or file://module.js)` };
  }
  const provider = parts[0]!.toLowerCase();
  const protocols = Object.hasOwn(protocolPrefixes, provider) ? protocolPrefixes[provider] : undefined;
  if (protocols !== undefined && parts.length >= 3 && protocols.includes(parts[1]!)) {
    return { kind: "model", modelId: `${provider}:${parts.slice(2).join(":")}` };
  }
  if (provider === "openai" && parts[1] === "embedding") return { kind: "unsupported", reason: `"${trimmed}" is an embedding model, not a chat target` };
  return { kind: "model", modelId: `${provider}:${parts.slice(1).join(":")}` };
}

/** Maps a grader/embedder reference (`openai:chat:gpt-4o`, `{ id }`) to a Flywheel model id, or undefined when it names none. */
export function mapModelReference(reference: unknown, role: "text" | "embedding" = "text"): string | undefined {
  let id: unknown = reference;
  if (typeof reference === "object" && reference !== null) {
    const record = reference as Record<string, unknown>;
    id = record.id ?? (role === "embedding" ? record.embedding : record.text);
    if (typeof id === "object" && id !== null) id = (id as Record<string, unknown>).id;
  }
  if (typeof id !== "string" || id === "") return undefined;
  if (id.startsWith("openai:embedding:") || id.startsWith("openai:embeddings:")) return `openai:${id.split(":").slice(2).join(":")}`;
  const mapped = mapProviderId(id);
  return mapped.kind === "model" ? mapped.modelId : undefined;
}
