/** A javascript or python assertion (or a template) ran past its time limit. */
export class ScriptTimeoutError extends Error {
  /** `subject`: what ran, e.g. "javascript assertion" or "Nunjucks template". */
  constructor(subject: string, timeoutMs: number) {
    super(`the ${subject} did not finish within ${timeoutMs} ms and was stopped`);
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
