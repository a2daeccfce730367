import { z } from "zod";
import { UsageError } from "../../errors/index.js";

/** `providerOptions.local` for chat calls. */
export const localChatOptionsSchema = z.object({
  /** Drop the oldest turns (then cut the start of the oldest remaining message) when the prompt exceeds the context, instead of failing. */
  truncate: z.boolean().optional(),
  /** Discard probabilities below this fraction of the top token's (llama.cpp min-p). */
  minP: z.number().min(0).max(1).optional(),
  /** Penalty for repeating recent tokens (1 = off). */
  repeatPenalty: z.number().min(0).optional(),
});

/** `providerOptions.local` for embedding calls. */
export const localEmbeddingOptionsSchema = z.object({
  /** `query` for search queries, `document` for passages; picks the model's prefix where it has one. */
  inputType: z.enum(["query", "document"]).optional(),
  /** Texts per onnxruntime run (default 32). */
  batchSize: z.number().int().positive().optional(),
});

/** Local chat provider options. */
export type LocalChatOptions = z.infer<typeof localChatOptionsSchema>;
/** Local embedding provider options. */
export type LocalEmbeddingOptions = z.infer<typeof localEmbeddingOptionsSchema>;

/** Reads and validates `providerOptions.local`; a wrong value is a usage error, not a silent default. */
export function readLocalOptions<T>(schema: z.ZodType<T>, providerOptions: Record<string, unknown> | undefined): T {
  const parsed = schema.safeParse(providerOptions?.local ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UsageError(
    `providerOptions.local.${issue.path.join(".")}: ${issue.message}`,
    "see the local provider's options: truncate, minP, repeatPenalty (chat); inputType, batchSize (embeddings)",
  );
}
