/** A Transformer whose `cancel` runs when the consumer cancels or the source errors (WHATWG streams, Node 22+). */
export interface TransformerWithCancel<I, O> extends Transformer<I, O> {
  cancel?: (reason: unknown) => void | PromiseLike<void>;
}

/** Creates a TransformStream whose transformer may define `cancel` (missing from TypeScript's DOM types). */
export function transformWithCancel<I, O>(transformer: TransformerWithCancel<I, O>): TransformStream<I, O> {
  return new TransformStream<I, O>(transformer);
}
