import { describe, expect, it } from "vitest";
import { pseudoQueries } from "./pseudo-queries.js";

describe("pseudoQueries", () => {
  it("takes one sentence of a chunk and drops every other word", () => {
    const [query] = pseudoQueries([{ chunkId: 2, text: "Short one. The kiln reaches its top temperature slowly over eleven hours of firing." }]);
    expect(query).toEqual({ chunkId: 2, query: "The reaches top slowly eleven of" });
  });

  it("drops every other run between punctuation in text written without spaces, and keeps a single run whole", () => {
    const [query] = pseudoQueries([{ chunkId: 1, text: "ファイルの一覧を、名前の順に、表示します。" }]);
    expect(query).toEqual({ chunkId: 1, query: "名前の順に" });
    expect(pseudoQueries([{ chunkId: 1, text: "ディレクトリの内容をリスト表示します。" }])).toEqual([{ chunkId: 1, query: "ディレクトリの内容をリスト表示します" }]);
  });

  it("draws nothing from a chunk without a sentence long enough", () => {
    expect(pseudoQueries([{ chunkId: 1, text: "Too short." }])).toEqual([]);
  });
});
