import { FlywheelError } from "../errors/index.js";

/** A collection was built with another embedding model than the one asked for. */
export class EmbeddingModelMismatchError extends FlywheelError {
  constructor(options: { collection: string; stored: string; requested: string }) {
    super({
      code: "embedding-model-mismatch",
      message: `collection "${options.collection}" holds vectors from ${options.stored}, not ${options.requested}; vectors of two models cannot be compared`,
      hint: `use --embedding-model ${options.stored} (or leave it out), or ingest into a new collection`,
    });
    this.name = "EmbeddingModelMismatchError";
  }
}

/** A search or question named a collection that does not exist, or that holds nothing. */
export class CollectionUnavailableError extends FlywheelError {
  constructor(options: { collection: string; reason: "unknown" | "empty"; known?: string[] }) {
    const known = options.known !== undefined && options.known.length > 0 ? `; collections: ${options.known.join(", ")}` : "";
    super({
      code: options.reason === "unknown" ? "collection-not-found" : "collection-empty",
      message: options.reason === "unknown" ? `no collection "${options.collection}"${known}` : `collection "${options.collection}" has no documents`,
      hint: `add documents with: flywheel ingest <path> --collection ${options.collection}`,
    });
    this.name = "CollectionUnavailableError";
  }
}

/** A document that cannot be read as text (binary, encrypted, too large, broken); ingest skips it. */
export class UnreadableDocumentError extends FlywheelError {
  /** Short reason for the summary: binary, encrypted, too-large, too-deep, too-complex, bad-line, unreadable, fetch-failed. */
  readonly reason: string;
  constructor(options: { source: string; reason: string; detail: string; cause?: unknown }) {
    super({ code: "document-unreadable", message: `${options.source}: ${options.detail}`, cause: options.cause });
    this.name = "UnreadableDocumentError";
    this.reason = options.reason;
  }
}

/** A rerank that cannot run as asked: no model or cross-encoder set, or pointwise on a model without token probabilities. */
export class RerankUnavailableError extends FlywheelError {
  constructor(options: { reason: "no-cross-encoder" } | { reason: "no-model"; method: string } | { reason: "no-probabilities"; model: string }) {
    super(
      options.reason === "no-cross-encoder"
        ? {
            code: "rerank-method-unsupported",
            message: "the cross-encoder rerank method needs a cross-encoder, and none is set",
            hint: "set rag.rerank.crossEncoder.model (an ONNX file) and rag.rerank.crossEncoder.tokenizer (its tokenizer.json) in flywheel.config.yaml",
          }
        : options.reason === "no-model"
          ? {
              code: "rerank-method-unsupported",
              message: `the ${options.method} rerank method needs a chat model, and none is set`,
              hint: "pass --rerank <model> (e.g. --rerank local:qwen2.5-coder-0.5b) or set rag.rerank.model",
            }
          : {
              code: "rerank-method-unsupported",
              message: `${options.model} cannot rerank pointwise: its provider gives no token probabilities`,
              hint: "use --rerank-method listwise with this model, or an embedded model such as local:qwen2.5-coder-0.5b",
            },
    );
    this.name = "RerankUnavailableError";
  }
}
