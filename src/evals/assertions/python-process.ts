import { spawn } from "node:child_process";
import path from "node:path";
import { FlywheelError } from "../../errors/index.js";
import { ScriptThrewError, ScriptTimeoutError } from "./script-errors.js";

/** One python assertion to evaluate. */
export interface PythonJob {
  /** Inline code: an expression, or a multi-line function body that returns. */
  code?: string;
  /** A `.py` file whose function (default `get_assert`) takes `(output, context)`. */
  file?: string;
  functionName?: string;
  output: unknown;
  context: unknown;
  timeoutMs: number;
}

const RESULT_MARKER = "\n__flywheel_result__";

// Reads the job from stdin, runs it, and prints the result after a marker line, so
// that the user's own prints never corrupt it.
const wrapper = `
import importlib.util, json, os, sys, textwrap
job = json.load(sys.stdin)
output, context = job["output"], job["context"]
if job.get("file"):
    sys.path.insert(0, os.path.dirname(job["file"]))
    spec = importlib.util.spec_from_file_location("flywheel_assertion", job["file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = getattr(module, job.get("function") or "get_assert")(output, context)
else:
    code = job["code"]
    if "\\n" in code.strip():
        namespace = {}
        exec("def __assertion(output, context):\\n" + textwrap.indent(code, "    "), namespace)
        result = namespace["__assertion"](output, context)
    else:
        result = eval(code, {"output": output, "context": context, "json": json})
sys.stdout.write(${JSON.stringify(RESULT_MARKER)} + json.dumps(result))
`;

/**
 * Runs a python assertion in its own `python3` process (`FLYWHEEL_PYTHON` picks another
 * interpreter): arguments as an array, never a shell; killed at the time limit.
 */
export function runPython(job: PythonJob, env: Record<string, string | undefined> = process.env): Promise<unknown> {
  const python = env.FLYWHEEL_PYTHON || env.PROMPTFOO_PYTHON || "python3";
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", wrapper], { stdio: ["pipe", "pipe", "pipe"], cwd: job.file === undefined ? undefined : path.dirname(job.file) });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle(() => reject(new ScriptTimeoutError("python assertion", job.timeoutMs)));
    }, job.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) =>
      settle(() =>
        reject(
          new FlywheelError({
            code: "python-missing",
            message: `cannot run ${python} for a python assertion: ${error.message}`,
            hint: "install Python 3, or point FLYWHEEL_PYTHON at one",
            cause: error,
          }),
        ),
      ),
    );
    child.on("close", (code) =>
      settle(() => {
        const marker = stdout.lastIndexOf(RESULT_MARKER);
        if (code !== 0 || marker === -1) {
          const lastLine = stderr.trim().split("\n").at(-1) ?? `exit code ${code}`;
          reject(new ScriptThrewError(`python raised ${lastLine}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout.slice(marker + RESULT_MARKER.length)));
        } catch {
          reject(new ScriptThrewError("the python assertion returned a value that is not JSON"));
        }
      }),
    );
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify({ code: job.code, file: job.file, function: job.functionName, output: job.output, context: job.context }));
  });
}
