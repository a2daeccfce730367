/** A javascript or python assertion ran past its time limit. */
export class ScriptTimeoutError extends Error {
  constructor(language: string, timeoutMs: number) {
    super(`the ${language} assertion did not finish within ${timeoutMs} ms and was stopped`);
    this.name = "ScriptTimeoutError";
  }
}

/** The assertion code itself threw (or python raised): the assertion fails with this message. */
export class ScriptThrewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScriptThrewError";
  }
}
