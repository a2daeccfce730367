import { UsageError } from "../../errors/index.js";

/** Values a gate can test, read off a comparison. */
export type GateVariables = Record<string, number>;

type Comparison = { kind: "compare"; name: string; operator: ">=" | "<=" | ">" | "<" | "==" | "!="; value: number };
type Node = Comparison | { kind: "and" | "or"; left: Node; right: Node };

/** A parsed gate: `delta>=0.05 and p<0.05`. */
export interface Gate {
  /** The rule as written. */
  source: string;
  /** Variable names the rule reads. */
  variables: string[];
  /** Whether the values pass the rule, with one line per comparison. */
  evaluate(values: GateVariables): { pass: boolean; checks: string[] };
}

const tokenPattern = /\s*(>=|<=|==|!=|>|<|\(|\)|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?%?)/y;

/**
 * Parses a gate rule: comparisons of a variable with a number (`>=`, `<=`, `>`, `<`, `==`,
 * `!=`; a number may end in `%`), joined by `and` / `or`, with parentheses. Unknown variable
 * names are refused, so a typo cannot make a gate pass.
 */
export function parseGate(source: string, known: readonly string[]): Gate {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (source.slice(position).trim() === "") break;
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(source);
    if (match === null) throw invalid(source, `unexpected "${source.slice(position).trim().slice(0, 10)}"`, known);
    tokens.push(match[1]!);
    position = tokenPattern.lastIndex;
  }
  let index = 0;
  const peek = () => tokens[index];
  const next = () => tokens[index++];
  const variables = new Set<string>();
  const expression = (): Node => {
    let left = term();
    while (peek()?.toLowerCase() === "or") {
      next();
      left = { kind: "or", left, right: term() };
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    while (peek()?.toLowerCase() === "and") {
      next();
      left = { kind: "and", left, right: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    if (peek() === "(") {
      next();
      const inner = expression();
      if (next() !== ")") throw invalid(source, "a missing )", known);
      return inner;
    }
    const name = next();
    const operator = next();
    const raw = next();
    if (name === undefined || !/^[A-Za-z_]/.test(name)) throw invalid(source, `expected a variable, found ${name ?? "the end"}`, known);
    if (!known.includes(name)) throw invalid(source, `unknown variable "${name}"`, known);
    if (operator === undefined || !/^(>=|<=|==|!=|>|<)$/.test(operator)) throw invalid(source, `expected a comparison after ${name}`, known);
    if (raw === undefined || !/^-?\d/.test(raw)) throw invalid(source, `expected a number after ${name} ${operator}`, known);
    variables.add(name);
    const value = raw.endsWith("%") ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    return { kind: "compare", name, operator: operator as Comparison["operator"], value };
  };
  const tree = expression();
  if (index !== tokens.length) throw invalid(source, `unexpected "${tokens[index]!}"`, known);
  return {
    source,
    variables: [...variables],
    evaluate(values) {
      const checks: string[] = [];
      const run = (node: Node): boolean => {
        if (node.kind !== "compare") {
          const both = [run(node.left), run(node.right)];
          return node.kind === "and" ? both.every(Boolean) : both.some(Boolean);
        }
        const actual = values[node.name] ?? Number.NaN;
        const pass = compare(actual, node.operator, node.value);
        checks.push(`${node.name} = ${format(actual)} ${node.operator} ${format(node.value)}: ${pass ? "pass" : "fail"}`);
        return pass;
      };
      return { pass: run(tree), checks };
    },
  };
}

function compare(actual: number, operator: Comparison["operator"], value: number): boolean {
  if (Number.isNaN(actual)) return false;
  switch (operator) {
    case ">=":
      return actual >= value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case "<":
      return actual < value;
    case "==":
      return actual === value;
    case "!=":
      return actual !== value;
  }
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

function invalid(source: string, reason: string, known: readonly string[]): UsageError {
  return new UsageError(`invalid gate "${source}": ${reason}`, `write comparisons joined by and/or, e.g. "delta>=0.05 and p<0.05"; variables: ${known.join(", ")}`);
}
