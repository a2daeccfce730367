/** The models `GET /v1/models` lists when the server starts. */
export const defaultModels: readonly string[] = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "claude-sonnet-4-5"];

/** `GET /v1/models`: the server's models, in Anthropic's shape when the client sent `anthropic-version`, else OpenAI's. */
export function modelList(anthropic: boolean, models: readonly string[]): unknown {
  if (anthropic) {
    const data = models.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return { object: "list", data: models.map((id) => ({ id, object: "model", created: 1_735_689_600, owned_by: "protocol-server" })) };
}
