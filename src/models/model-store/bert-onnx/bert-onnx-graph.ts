import onnxProto from "onnx-proto";
import { UnsupportedModelSourceError } from "../model-store-errors.js";
import type { BertConfig } from "./bert-config.js";
import type { Float32Tensor } from "./safetensors-file.js";

const { onnx } = onnxProto;

/** ONNX opset used: 17 is the first with LayerNormalization. */
const OPSET = 17;

/**
 * Builds an ONNX graph of a BERT encoder (what sentence-transformers models such as
 * all-MiniLM-L6-v2 are) from its weights: inputs `input_ids` and `attention_mask`
 * (int64, [batch, sequence]), output `last_hidden_state` (float, [batch, sequence, hidden]).
 * Token types are all zero for single sentences, so that embedding row is folded into the
 * position table, and the attention scale is folded into the query weights.
 * Returns the serialized ModelProto; the same weights always give the same bytes.
 */
export function buildBertOnnx(config: BertConfig, weights: Map<string, Float32Tensor>): Uint8Array {
  const graph = new GraphBuilder();
  const tensor = (name: string): Float32Tensor => {
    const found = weights.get(name) ?? weights.get(`bert.${name}`);
    if (found === undefined) throw new UnsupportedModelSourceError({ source: "the safetensors weights", detail: `there is no tensor "${name}": not a BERT encoder`, hint: "only BERT sentence-embedding models (such as all-MiniLM-L6-v2) can be converted to ONNX" });
    return found;
  };
  const hidden = config.hidden_size;
  const heads = config.num_attention_heads;
  const headSize = hidden / heads;
  const epsilon = config.layer_norm_eps;

  // Embeddings: word + (position + token type 0), then LayerNorm.
  const word = graph.constant("embeddings.word", tensor("embeddings.word_embeddings.weight"));
  const position = tensor("embeddings.position_embeddings.weight");
  const tokenType = tensor("embeddings.token_type_embeddings.weight");
  const positionAndType = new Float32Array(position.data);
  for (let row = 0; row < position.shape[0]!; row++) {
    for (let column = 0; column < hidden; column++) positionAndType[row * hidden + column]! += tokenType.data[column]!;
  }
  const positionTable = graph.constant("embeddings.position", { shape: position.shape, data: positionAndType });
  const sequenceLength = graph.op("Gather", [graph.op("Shape", ["input_ids"]), graph.int64("index.1", [1], [1])], { axis: 0 });
  const positions = graph.op("Slice", [positionTable, graph.int64("zero", [1], [0]), sequenceLength, graph.int64("axis.0", [1], [0])]);
  const summed = graph.op("Add", [graph.op("Gather", [word, "input_ids"], { axis: 0 }), positions]);
  let state = graph.layerNorm(summed, "embeddings.LayerNorm", tensor, epsilon);

  // Additive attention mask: 0 where attended, -10000 on padding, shaped [batch, 1, 1, sequence].
  const mask = graph.op("Unsqueeze", [graph.op("Cast", ["attention_mask"], { to: onnx.TensorProto.DataType.FLOAT }), graph.int64("axes.1.2", [2], [1, 2])]);
  const maskBias = graph.op("Mul", [graph.op("Sub", [graph.float("one", 1), mask]), graph.float("mask.value", -10_000)]);

  const splitHeads = graph.int64("shape.heads", [4], [0, 0, heads, headSize]);
  const mergeHeads = graph.int64("shape.merged", [3], [0, 0, hidden]);
  const scale = 1 / Math.sqrt(headSize);
  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    const prefix = `encoder.layer.${layer}`;
    const project = (name: string, input: string, factor = 1) =>
      graph.linear(input, `${prefix}.${name}`, tensor(`${prefix}.${name}.weight`), tensor(`${prefix}.${name}.bias`), factor);
    const query = graph.op("Transpose", [graph.op("Reshape", [project("attention.self.query", state, scale), splitHeads])], { perm: [0, 2, 1, 3] });
    const key = graph.op("Transpose", [graph.op("Reshape", [project("attention.self.key", state), splitHeads])], { perm: [0, 2, 3, 1] });
    const value = graph.op("Transpose", [graph.op("Reshape", [project("attention.self.value", state), splitHeads])], { perm: [0, 2, 1, 3] });
    const scores = graph.op("Add", [graph.op("MatMul", [query, key]), maskBias]);
    const context = graph.op("MatMul", [graph.op("Softmax", [scores], { axis: -1 }), value]);
    const merged = graph.op("Reshape", [graph.op("Transpose", [context], { perm: [0, 2, 1, 3] }), mergeHeads]);
    const attended = graph.op("Add", [project("attention.output.dense", merged), state]);
    const afterAttention = graph.layerNorm(attended, `${prefix}.attention.output.LayerNorm`, tensor, epsilon);
    const intermediate = project("intermediate.dense", afterAttention);
    // Exact GELU: x * 0.5 * (1 + erf(x / sqrt(2))).
    const erf = graph.op("Erf", [graph.op("Mul", [intermediate, graph.float("inverse.sqrt2", Math.SQRT1_2)])]);
    const gelu = graph.op("Mul", [graph.op("Mul", [intermediate, graph.float("half", 0.5)]), graph.op("Add", [erf, graph.float("one", 1)])]);
    const output = graph.op("Add", [project("output.dense", gelu), afterAttention]);
    state = graph.layerNorm(output, `${prefix}.output.LayerNorm`, tensor, epsilon);
  }
  graph.nodes.push(onnx.NodeProto.create({ opType: "Identity", input: [state], output: ["last_hidden_state"], name: "output" }));

  const dimension = (name: string) => ({ dimParam: name });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "flywheel",
    opsetImport: [{ domain: "", version: OPSET }],
    graph: {
      name: "bert",
      node: graph.nodes,
      initializer: graph.initializers,
      input: ["input_ids", "attention_mask"].map((name) => ({
        name,
        type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [dimension("batch"), dimension("sequence")] } } },
      })),
      output: [
        {
          name: "last_hidden_state",
          type: {
            tensorType: {
              elemType: onnx.TensorProto.DataType.FLOAT,
              shape: { dim: [dimension("batch"), dimension("sequence"), { dimValue: hidden }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

type AttributeValue = number | number[];

/** Collects nodes and initializers, naming each intermediate value uniquely. */
class GraphBuilder {
  readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly constants = new Set<string>();
  private counter = 0;

  op(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    const output = `${opType.toLowerCase()}.${this.counter++}`;
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: output,
        input: inputs,
        output: [output],
        attribute: Object.entries(attributes).map(([name, value]) => toAttribute(name, value)),
      }),
    );
    return output;
  }

  constant(name: string, tensor: Float32Tensor): string {
    this.addInitializer(name, tensor.shape, onnx.TensorProto.DataType.FLOAT, tensor.data);
    return name;
  }

  float(name: string, value: number): string {
    if (!this.constants.has(name)) this.addInitializer(name, [], onnx.TensorProto.DataType.FLOAT, new Float32Array([value]));
    return name;
  }

  int64(name: string, shape: number[], values: number[]): string {
    if (!this.constants.has(name)) {
      this.addInitializer(name, shape, onnx.TensorProto.DataType.INT64, new BigInt64Array(values.map((value) => BigInt(value))));
    }
    return name;
  }

  /** x @ W^T + b, with PyTorch's [out, in] weight transposed once here; `factor` scales W and b. */
  linear(input: string, name: string, weight: Float32Tensor, bias: Float32Tensor, factor = 1): string {
    const [outputs, inputs] = weight.shape as [number, number];
    const transposed = new Float32Array(outputs * inputs);
    for (let row = 0; row < outputs; row++) {
      for (let column = 0; column < inputs; column++) transposed[column * outputs + row] = weight.data[row * inputs + column]! * factor;
    }
    const scaledBias = factor === 1 ? bias.data : bias.data.map((value) => value * factor);
    const product = this.op("MatMul", [input, this.constant(`${name}.weight`, { shape: [inputs, outputs], data: transposed })]);
    return this.op("Add", [product, this.constant(`${name}.bias`, { shape: [outputs], data: scaledBias })]);
  }

  layerNorm(input: string, name: string, tensor: (name: string) => Float32Tensor, epsilon: number): string {
    const scale = this.constant(`${name}.weight`, tensor(`${name}.weight`));
    const bias = this.constant(`${name}.bias`, tensor(`${name}.bias`));
    return this.op("LayerNormalization", [input, scale, bias], { axis: -1, epsilon });
  }

  private addInitializer(name: string, dims: number[], dataType: number, data: Float32Array | BigInt64Array): void {
    this.constants.add(name);
    this.initializers.push(
      onnx.TensorProto.create({ name, dims, dataType, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }),
    );
  }
}

function toAttribute(name: string, value: AttributeValue): InstanceType<typeof onnx.AttributeProto> {
  const types = onnx.AttributeProto.AttributeType;
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: types.INTS, ints: value });
  if (name === "epsilon") return onnx.AttributeProto.create({ name, type: types.FLOAT, f: value });
  return onnx.AttributeProto.create({ name, type: types.INT, i: value });
}
