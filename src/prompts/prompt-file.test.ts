import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors/index.js";
import { parsePromptFile, renderPromptFile } from "./prompt-file.js";
import { MissingVariableError, renderTemplate, templateVariables } from "./render-template.js";

describe("templates", () => {
  it("renders {{var}} without HTML escaping, objects as JSON, and lists the variables", () => {
    expect(renderTemplate("Q: {{ q }} & {{obj}} {{user.name}}", { q: "<b>a&b</b>", obj: { a: 1 }, user: { name: "Ada" } })).toBe('Q: <b>a&b</b> & {"a":1} Ada');
    expect(renderTemplate("{{#items}}- {{.}}\n{{/items}}", { items: ["x", "y"] })).toBe("- x\n- y\n");
    expect(templateVariables("{{a}} {{b.c}} {{#list}}{{inner}}{{/list}} {{a}}")).toEqual(["a", "b", "list"]);
  });

  it("throws a MissingVariableError naming the missing variables, unless not strict", () => {
    const error = (() => {
      try {
        renderTemplate("{{a}} {{b}} {{c}}", { a: 1 }, { where: 'prompt "p"' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MissingVariableError);
    expect((error as MissingVariableError).message).toBe('prompt "p" uses variables {{b}}, {{c}} that the test does not set');
    expect(renderTemplate("{{a}}-{{b}}", { a: 1 }, { strict: false })).toBe("1-");
  });
});

describe("prompt files", () => {
  const text = `---
name: capital
model: openai:gpt-4o-mini
temperature: 0.2
maxTokens: 64
system: You answer about {{topic}}.
variables:
  country: { description: the country }
  topic: { default: geography }
---
What is the capital of {{country}}?
`;

  it("reads front matter, parameters and declared variables with defaults", () => {
    const prompt = parsePromptFile(text, { file: "/x/capital.prompt.md" });
    expect(prompt).toMatchObject({ name: "capital", model: "openai:gpt-4o-mini", template: "What is the capital of {{country}}?", parameters: { temperature: 0.2, maxTokens: 64 } });
    expect(prompt.variables).toEqual({ country: { description: "the country", default: undefined, required: true }, topic: { description: undefined, default: "geography", required: false } });
    expect(renderPromptFile(prompt, { country: "Peru" })).toEqual({ system: "You answer about geography.", prompt: "What is the capital of Peru?" });
    expect(() => renderPromptFile(prompt, {})).toThrow(MissingVariableError);
  });

  it("takes a file without front matter as a plain template, and rejects unknown keys", () => {
    expect(parsePromptFile("Hi {{name}}", { file: "/x/hello.prompt.md" })).toMatchObject({ name: "hello", template: "Hi {{name}}", variables: { name: { required: true } } });
    expect(() => parsePromptFile("---\nmodle: x\n---\nhi")).toThrow(ConfigError);
  });

  it("hashes the canonical file: YAML layout, key order and line endings keep the version; any value or template change makes a new one", () => {
    const base = parsePromptFile("---\nmodel: openai:gpt-4o-mini\ntemperature: 0.2\n---\nHi {{name}}\n").hash;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePromptFile("---\ntemperature: 0.2\nmodel: 'openai:gpt-4o-mini'\n---\n\nHi {{name}}").hash).toBe(base);
    expect(parsePromptFile("---\r\n{ model: openai:gpt-4o-mini, temperature: 0.2 }\r\n---\r\nHi {{name}}\r\n").hash).toBe(base);
    expect(parsePromptFile("---\nmodel: openai:gpt-4o-mini\ntemperature: 0.3\n---\nHi {{name}}\n").hash).not.toBe(base);
    expect(parsePromptFile("---\nmodel: openai:gpt-4o-mini\ntemperature: 0.2\n---\nHi {{ name }}!\n").hash).not.toBe(base);
    expect(parsePromptFile("Hi {{name}}").hash).not.toBe(base);
  });
});
