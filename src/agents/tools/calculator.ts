import { z } from "zod";
import { ToolError } from "../agent-errors.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { ArithmeticError, arithmeticNames, evaluateArithmetic } from "./arithmetic.js";

const calculatorInput = z.object({
  /** The arithmetic expression to evaluate. */
  expression: z.string().min(1).max(1000).describe("the arithmetic expression to evaluate"),
});

/** The `calculator` tool: evaluates arithmetic with a real parser (no `eval`). */
export function calculatorTool(): AgentTool<z.infer<typeof calculatorInput>> {
  return defineTool({
    name: "calculator",
    description: `Evaluates an arithmetic expression exactly and returns the number. Operators: + - * / % ^ and parentheses. Functions: ${arithmeticNames.functions.join(", ")}. Constants: ${arithmeticNames.constants.join(", ")}.`,
    inputSchema: calculatorInput,
    execute: async ({ expression }) => {
      try {
        return String(evaluateArithmetic(expression));
      } catch (error) {
        if (!(error instanceof ArithmeticError)) throw error;
        throw new ToolError({ toolName: "calculator", code: "calculator-invalid", message: error.message });
      }
    },
  });
}
