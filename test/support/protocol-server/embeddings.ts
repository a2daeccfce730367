// OpenAI `POST /v1/embeddings`: deterministic unit vectors, plus the failure
// behaviours model names select (`flaky-429-1`, `hang`, …).
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { failureReply, parseBehaviour } from "./behaviours.js";
import { classifyReply } from "./classify-reply.js";
import { describeIssue } from "./describe-issue.js";
import { embeddingVector } from "./embedding-vector.js";
import { openaiErrorBody } from "./openai-error-body.js";
import { invalidRequestError } from "./provider-errors.js";
import { sendError } from "./send-error.js";
import { sendBody, sendJson } from "./send-json.js";
import type { ServerState } from "./server-state.js";
import { tokensForCharacters } from "./usage.js";

const defaultDimensions = 16;

const bodySchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.union([z.string(), z.array(z.number())]))]),
  dimensions: z.number().int().positive().max(8192).nullish(),
  encoding_format: z.enum(["float", "base64"]).nullish(),
});

/** Answers an embeddings request; vectors have `dimensions` entries (default 16). */
export async function handleEmbeddings(state: ServerState, body: unknown, response: ServerResponse): Promise<void> {
  const result = bodySchema.safeParse(body);
  if (!result.success) return sendError(response, invalidRequestError(describeIssue(result.error)), openaiErrorBody);
  const { model, dimensions, encoding_format: encoding } = result.data;
  const inputs = (typeof result.data.input === "string" ? [result.data.input] : result.data.input).map((input) =>
    typeof input === "string" ? input : input.join(" "),
  );
  const behaviour = parseBehaviour(model);
  let characters = 0;
  for (const input of inputs) characters += input.length;
  const failure = failureReply(behaviour, { protocol: "openai", model, callIndex: state.nextCallIndex(model), promptCharacters: characters });
  const reply = failure === undefined ? undefined : classifyReply(failure);
  if (reply?.kind === "hang") return;
  const delayMs = reply?.delayMs ?? (behaviour.kind === "slow" ? behaviour.delayMs : 0);
  if (delayMs > 0 && !(await state.delays.wait(delayMs))) return;
  if (reply?.kind === "error") return sendError(response, reply.error, openaiErrorBody);
  if (reply?.kind === "malformed") return sendBody(response, 200, '{"object":"list","data":[{"object":"embedding","embedding":[0.1,');

  let promptTokens = 0;
  const data = inputs.map((input, index) => {
    promptTokens += tokensForCharacters(input.length);
    const vector = embeddingVector(input, dimensions ?? defaultDimensions);
    return { object: "embedding", index, embedding: encoding === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
  });
  sendJson(response, 200, { object: "list", data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
}
