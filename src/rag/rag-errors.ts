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
