import { z } from "zod";

/** The fields of a Hugging Face BERT `config.json` that the graph needs. */
export const bertConfigSchema = z.object({
  model_type: z.literal("bert"),
  hidden_size: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  layer_norm_eps: z.number().positive().default(1e-12),
  hidden_act: z.literal("gelu").default("gelu"),
  position_embedding_type: z.literal("absolute").default("absolute"),
});

/** A BERT encoder's shape. */
export type BertConfig = z.infer<typeof bertConfigSchema>;
