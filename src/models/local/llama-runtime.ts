import type { ChatHistoryItem, ChatWrapper, Llama, LlamaChat, LlamaContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import type { PulledModel } from "../model-store/index.js";

/** Settings for loading a GGUF chat model. */
export interface LlamaRuntimeOptions {
  /** CPU threads for evaluation. */
  threads: number;
  /** Tokens per sequence (the usable context window). */
  contextSize: number;
  /** Sequences evaluated side by side; more calls than this wait in a queue. */
  parallelSequences: number;
}

/**
 * One GGUF model loaded in-process with node-llama-cpp: the model and one context with a
 * fixed pool of sequences, each wrapped in a `LlamaChat` that keeps its sequence (and so
 * its evaluated prefix) between calls. A call borrows a chat, and waits when all are busy.
 */
export class LlamaRuntime {
  private readonly idle: LlamaChat[];
  private readonly waiting: ((chat: LlamaChat) => void)[] = [];
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  /** The chat template wrapper node-llama-cpp chose from the GGUF's metadata. */
  readonly chatWrapper: ChatWrapper;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    chats: LlamaChat[],
  ) {
    this.idle = chats;
    this.chatWrapper = chats[0]!.chatWrapper;
  }

  /** Loads the model's GGUF with the prebuilt CPU binaries (never building from source). */
  static async load(model: PulledModel, options: LlamaRuntimeOptions): Promise<LlamaRuntime> {
    const { getLlama, JinjaTemplateChatWrapper, LlamaChat, LlamaLogLevel } = await import("node-llama-cpp");
    const llama = await getLlama({
      gpu: false,
      build: "never",
      maxThreads: options.threads,
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    });
    const loaded = await llama.loadModel({ modelPath: model.mainPath });
    const context = await loaded.createContext({
      contextSize: Math.min(options.contextSize, loaded.trainContextSize),
      sequences: options.parallelSequences,
      threads: options.threads,
    });
    // Render prompts with the GGUF's own Jinja chat template. node-llama-cpp's look-alike wrappers
    // can differ in details that matter: its ChatML wrapper prepends BOS, which for SmolLM2 is
    // a second <|im_start|> and turns the answers to nonsense.
    const template = loaded.fileInfo.metadata.tokenizer?.chat_template;
    let chatWrapper: ChatWrapper | "auto" = "auto";
    if (typeof template === "string" && template !== "") {
      try {
        chatWrapper = new JinjaTemplateChatWrapper({ template });
      } catch {
        chatWrapper = "auto";
      }
    }
    const chats = Array.from(
      { length: options.parallelSequences },
      () => new LlamaChat({ contextSequence: context.getSequence(), chatWrapper, autoDisposeSequence: false }),
    );
    return new LlamaRuntime(llama, loaded, context, chats);
  }

  /** Tokens per sequence. */
  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Prompt tokens of a chat history rendered with the model's chat template. */
  countPromptTokens(history: ChatHistoryItem[]): number {
    return this.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(this.model.tokenizer).length;
  }

  /** Runs `work` with a chat of its own; waits for one when all are busy. */
  async withChat<T>(work: (chat: LlamaChat) => Promise<T>): Promise<T> {
    const chat = this.idle.pop() ?? (await new Promise<LlamaChat>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(chat);
    } finally {
      const next = this.waiting.shift();
      if (next) next(chat);
      else this.idle.push(chat);
    }
  }

  /** A grammar that constrains output to a JSON schema (or any JSON), cached by schema. */
  grammarFor(schema: object | undefined): Promise<LlamaGrammar> {
    const key = schema === undefined ? "" : JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (grammar === undefined) {
      grammar =
        schema === undefined
          ? this.llama.getGrammarFor("json")
          : // The schema was cleaned to the subset node-llama-cpp's grammar generator understands.
            this.llama.createGrammarForJsonSchema(schema as Parameters<Llama["createGrammarForJsonSchema"]>[0]);
      grammar.catch(() => this.grammars.delete(key));
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  /** Frees the context, the model and the native backend. */
  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}
