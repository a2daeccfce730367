import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-to-text.js";

describe("htmlToText", () => {
  it("keeps the text and drops scripts, styles and attributes", () => {
    const text = htmlToText(`<p>Hi <script>alert("x")</script><style>p{}</style><img src=x onerror="alert(2)">there</p><p>b &amp; <b>c</b>d</p>`);
    expect(text).toBe("Hi there b & cd");
  });

  it("leaves escaped markup as inert text and plain text as it is, whitespace collapsed", () => {
    expect(htmlToText("a &lt;script&gt; tag")).toBe("a <script> tag");
    expect(htmlToText("  plain\n\ttext  ")).toBe("plain text");
  });

  it("reads nesting deeper than the call stack", () => {
    expect(htmlToText(`${"<span>".repeat(20_000)}deep${"</span>".repeat(20_000)}`)).toBe("deep");
  });
});
