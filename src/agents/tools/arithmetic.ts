// A small recursive-descent parser for arithmetic: numbers, + - * / % ^ (or **), parentheses,
// unary signs, a fixed set of functions and constants. No eval, no names beyond those below,
// and limits on length and nesting so that hostile input cannot exhaust the stack.

const MAX_LENGTH = 1000;
const MAX_DEPTH = 64;

// Maps, not object literals: a name like `constructor` must not reach Object.prototype.
const functions = new Map<string, { arity: [number, number]; apply: (...args: number[]) => number }>(Object.entries({
  sqrt: { arity: [1, 1], apply: Math.sqrt },
  cbrt: { arity: [1, 1], apply: Math.cbrt },
  abs: { arity: [1, 1], apply: Math.abs },
  round: { arity: [1, 1], apply: Math.round },
  floor: { arity: [1, 1], apply: Math.floor },
  ceil: { arity: [1, 1], apply: Math.ceil },
  exp: { arity: [1, 1], apply: Math.exp },
  ln: { arity: [1, 1], apply: Math.log },
  log: { arity: [1, 2], apply: (value, base) => (base === undefined ? Math.log10(value) : Math.log(value) / Math.log(base)) },
  log10: { arity: [1, 1], apply: Math.log10 },
  log2: { arity: [1, 1], apply: Math.log2 },
  sin: { arity: [1, 1], apply: Math.sin },
  cos: { arity: [1, 1], apply: Math.cos },
  tan: { arity: [1, 1], apply: Math.tan },
  min: { arity: [1, 64], apply: Math.min },
  max: { arity: [1, 64], apply: Math.max },
  pow: { arity: [2, 2], apply: Math.pow },
} satisfies Record<string, { arity: [number, number]; apply: (...args: number[]) => number }>));

const constants = new Map<string, number>([
  ["pi", Math.PI],
  ["e", Math.E],
]);

type Token = { kind: "number"; value: number; at: number } | { kind: "name"; value: string; at: number } | { kind: "symbol"; value: string; at: number };

/** Why an expression could not be evaluated, with the character position when known. */
export class ArithmeticError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArithmeticError";
  }
}

/** Names of the functions and constants `evaluateArithmetic` knows, for tool descriptions. */
export const arithmeticNames = { functions: [...functions.keys()], constants: [...constants.keys()] };

/** Evaluates an arithmetic expression such as `(37 * 91) + sqrt(16) / 2^3`; throws `ArithmeticError` on bad input. */
export function evaluateArithmetic(expression: string): number {
  if (expression.length > MAX_LENGTH) throw new ArithmeticError(`the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(expression);
  let position = 0;
  let depth = 0;

  const peek = (): Token | undefined => tokens[position];
  const isSymbol = (value: string): boolean => {
    const token = peek();
    return token?.kind === "symbol" && token.value === value;
  };
  const expect = (value: string): void => {
    if (!isSymbol(value)) throw new ArithmeticError(`expected "${value}" ${where(peek())}`);
    position += 1;
  };
  const nested = <T>(parse: () => T): T => {
    depth += 1;
    if (depth > MAX_DEPTH) throw new ArithmeticError(`the expression is nested more than ${MAX_DEPTH} levels deep`);
    try {
      return parse();
    } finally {
      depth -= 1;
    }
  };

  const parseExpression = (): number =>
    nested(() => {
      let value = parseTerm();
      while (isSymbol("+") || isSymbol("-")) {
        const operator = (tokens[position++] as Token).value;
        const right = parseTerm();
        value = operator === "+" ? value + right : value - right;
      }
      return value;
    });

  const parseTerm = (): number => {
    let value = parseUnary();
    while (isSymbol("*") || isSymbol("/") || isSymbol("%")) {
      const operator = (tokens[position++] as Token).value;
      const right = parseUnary();
      if ((operator === "/" || operator === "%") && right === 0) throw new ArithmeticError("division by zero");
      value = operator === "*" ? value * right : operator === "/" ? value / right : value % right;
    }
    return value;
  };

  const parseUnary = (): number =>
    nested(() => {
      if (isSymbol("-")) {
        position += 1;
        return -parseUnary();
      }
      if (isSymbol("+")) {
        position += 1;
        return parseUnary();
      }
      return parsePower();
    });

  const parsePower = (): number => {
    const base = parsePrimary();
    if (isSymbol("^")) {
      position += 1;
      return Math.pow(base, parseUnary());
    }
    return base;
  };

  const parsePrimary = (): number => {
    const token = peek();
    if (token === undefined) throw new ArithmeticError("the expression ends too early");
    position += 1;
    if (token.kind === "number") return token.value;
    if (token.kind === "symbol") {
      if (token.value !== "(") throw new ArithmeticError(`unexpected "${token.value}" ${where(token)}`);
      const value = parseExpression();
      expect(")");
      return value;
    }
    const name = token.value.toLowerCase();
    if (isSymbol("(")) return callFunction(name, token);
    const constant = constants.get(name);
    if (constant === undefined) throw new ArithmeticError(`unknown name "${token.value}" ${where(token)}; known constants: ${arithmeticNames.constants.join(", ")}`);
    return constant;
  };

  const callFunction = (name: string, token: Token): number => {
    const fn = functions.get(name);
    if (fn === undefined) throw new ArithmeticError(`unknown function "${token.value}" ${where(token)}; known functions: ${arithmeticNames.functions.join(", ")}`);
    expect("(");
    const args: number[] = [];
    if (!isSymbol(")")) {
      args.push(parseExpression());
      while (isSymbol(",")) {
        position += 1;
        args.push(parseExpression());
      }
    }
    expect(")");
    if (args.length < fn.arity[0] || args.length > fn.arity[1]) {
      throw new ArithmeticError(`${name} takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `${fn.arity[0]} to ${fn.arity[1]}`} argument(s), got ${args.length}`);
    }
    return fn.apply(...args);
  };

  const value = parseExpression();
  if (position < tokens.length) throw new ArithmeticError(`unexpected "${String((tokens[position] as Token).value)}" ${where(tokens[position])}`);
  if (!Number.isFinite(value)) throw new ArithmeticError("the result is not a finite number");
  return value;
}

function where(token: Token | undefined): string {
  return token === undefined ? "at the end" : `at position ${token.at + 1}`;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/%^(),×÷])/y;
  let index = 0;
  while (index < expression.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (match === null) throw new ArithmeticError(`unexpected character "${expression[index]}" at position ${index + 1}`);
    if (match[1] !== undefined) tokens.push({ kind: "number", value: Number(match[1]), at: index });
    else if (match[2] !== undefined) tokens.push({ kind: "name", value: match[2], at: index });
    else if (match[3] !== undefined) {
      const symbol = match[3] === "**" ? "^" : match[3] === "×" ? "*" : match[3] === "÷" ? "/" : match[3];
      tokens.push({ kind: "symbol", value: symbol, at: index });
    }
    index = pattern.lastIndex;
  }
  if (tokens.length === 0) throw new ArithmeticError("the expression is empty");
  return tokens;
}
