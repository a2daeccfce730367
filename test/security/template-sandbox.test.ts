import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTemplateRenderer } from "../../src/evals/templates/index.js";

// Suite templates come from files users share; Nunjucks compiles them to JavaScript, so a
// template is code. It must not reach the process, modules, files or the network.
const folder = mkdtempSync(path.join(tmpdir(), "flywheel-template-sandbox-"));
writeFileSync(path.join(folder, "shout.js"), "module.exports = (text, times) => String(text).toUpperCase() + '!'.repeat(times ?? 1);\n");
const templates = createTemplateRenderer({ filters: { shout: path.join(folder, "shout.js") }, timeoutMs: 400 });
afterAll(() => templates.close());

describe("Nunjucks templates", () => {
  it("cannot reach process or require through constructor chains", async () => {
    const probes = [
      `{{ "".constructor.constructor("return typeof process + typeof require + typeof module")() }}`,
      `{{ range.constructor("return typeof process")() }}`,
      `{{ cycler.constructor("return typeof process")() }}`,
      `{{ joiner.constructor.constructor("return typeof globalThis.process")() }}`,
      `{{ item.__proto__.constructor.constructor("return typeof process")() }}`,
      `{{ items.constructor.constructor("return typeof process")() }}`,
      `{{ env.constructor.constructor("return typeof process")() }}`,
      `{{ ("x" | shout).constructor.constructor("return typeof process")() }}{{ ("[1]" | load).constructor.constructor("return typeof process")() }}`,
      `{{ range.constructor("return Object.getOwnPropertyNames(globalThis).filter(n => /^(process|require|module|exports|Buffer|fetch|WebAssembly)$/.test(n)).join()")() }}`,
    ];
    const rendered = await Promise.all(probes.map((probe) => templates.render(probe, { item: { a: 1 }, items: [1, 2] })));
    for (const text of rendered) expect(text).not.toMatch(/object|function/);
    expect(rendered[0]).toBe("undefinedundefinedundefined");
  });

  it("stops an endless template with a clear error, and the next render works", async () => {
    await expect(templates.render(`{% for i in range(100000000) %}{% endfor %}`, {})).rejects.toThrow("the Nunjucks template did not finish within 400 ms and was stopped");
    await expect(templates.render(`{{ range.constructor("while (true) {}")() }}`, {})).rejects.toThrow(/did not finish within 400 ms/);
    expect(await templates.render("{{ a }} and {{ b | default('b') }}", { a: "still here" })).toBe("still here and b");
  });

  it("renders promptfoo's filters and globals, custom filters included", async () => {
    expect(await templates.render(`{% for x in items %}{{ x | upper }}{% if not loop.last %}, {% endif %}{% endfor %} {{ '{"a":[1,2]}' | load | dump }} {{ missing }}|`, { items: ["a", "b"] })).toBe(`A, B {"a":[1,2]} |`);
    expect(await templates.render("{{ word | shout(3) }}", { word: "hey" })).toBe("HEY!!!");
    await expect(templates.render("{{ word | shout }}", { word: "hey" }, { filters: false })).rejects.toThrow(/filter not found: shout/);
    await expect(templates.render(`{{ "not json" | load }}`, {})).rejects.toThrow(/not valid JSON/);
  });
});
