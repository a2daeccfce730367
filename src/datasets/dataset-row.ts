import { z } from "zod";

/** A tool call made by the assistant, in OpenAI's chat shape. */
export const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function").default("function"),
  function: z.object({
    name: z.string().min(1),
    /** The arguments as a JSON string, as OpenAI sends them. */
    arguments: z.string(),
  }),
});

/** One chat message of an example (OpenAI's chat shape, text content). */
export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  /** Tool calls made by an assistant message. */
  tool_calls: z.array(toolCallSchema).optional(),
  /** The call a tool message answers. */
  tool_call_id: z.string().optional(),
  /** Optional participant or tool name. */
  name: z.string().optional(),
});

/** Which part of a dataset a row belongs to. */
export const datasetSplitSchema = z.enum(["train", "validation", "test"]);

/** One example: a conversation ending in the preferred assistant reply. */
export const datasetRowSchema = z.object({
  messages: z.array(chatMessageSchema).min(1),
  /** Tool definitions offered to the model (JSON schema function specs). */
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Where the row came from (trace id, feedback, eval case, teacher, ...). */
  metadata: z.record(z.string(), z.unknown()).optional(),
  split: datasetSplitSchema.optional(),
});

/** A tool call in an example. */
export type ToolCall = z.infer<typeof toolCallSchema>;
/** A message in an example. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** `train`, `validation` or `test`. */
export type DatasetSplit = z.infer<typeof datasetSplitSchema>;
/** One dataset example. */
export type DatasetRow = z.infer<typeof datasetRowSchema>;

/** The final assistant message of a row: what a model is taught to say. */
export function targetMessage(row: DatasetRow): ChatMessage | undefined {
  const last = row.messages.at(-1);
  return last?.role === "assistant" ? last : undefined;
}

/** The messages a model sees before producing the target (everything but the last assistant reply). */
export function promptMessages(row: DatasetRow): ChatMessage[] {
  return targetMessage(row) === undefined ? row.messages : row.messages.slice(0, -1);
}
