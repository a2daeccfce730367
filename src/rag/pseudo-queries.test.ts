import { describe, expect, it } from "vitest";
import { pseudoQueries } from "./pseudo-queries.js";

describe("pseudoQueries", () => {
  it("takes one sentence of a chunk and drops every other word", () => {
    const [query] = pseudoQueries([{ chunkId: 2, text: "Short one. The kiln reaches its top temperature slowly over eleven hours of firing." }]);
    expect(query).toEqual({ chunkId: 2, query: "The reaches top slowly eleven of" });
  });

  it("keeps the middle half of a sentence written without spaces", () => {
    const [query] = pseudoQueries([{ chunkId: 1, text: "ディレクトリの内容をリスト表示します。" }]);
    expect(query).toEqual({ chunkId: 1, query: "トリの内容をリスト表示" });
  });

  it("draws nothing from a chunk without a sentence long enough", () => {
    expect(pseudoQueries([{ chunkId: 1, text: "Too short." }])).toEqual([]);
  });
});
