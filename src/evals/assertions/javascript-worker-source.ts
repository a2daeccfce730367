// Source of the worker thread that runs javascript assertions and transforms, kept as a string so the
// same code serves the TypeScript sources (tests) and the built package. It runs inline
// expressions in a fresh `node:vm` context (no require, no process) with a time limit on
// synchronous code; the main thread stops the whole worker when a job overruns.
export const javascriptWorkerSource = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");
let jiti;
const modules = new Map();

function functionBody(code) {
  const trimmed = code.trim().replace(/;+\s*$/, "");
  if (code.includes("\n") || /^return[\s(]/.test(trimmed)) return code;
  if (/^(const|let|var)\s/.test(trimmed)) {
    const last = lastStatementSemicolon(trimmed);
    if (last !== -1) return trimmed.slice(0, last + 1) + " return " + trimmed.slice(last + 1).trim();
    return trimmed;
  }
  return "return " + trimmed;
}

function lastStatementSemicolon(code) {
  let depth = 0, quote = "", last = -1;
  for (let index = 0; index < code.length; index += 1) {
    const character = code[index];
    if (quote !== "") {
      if (character === "\\") index += 1;
      else if (character === quote) quote = "";
      continue;
    }
    if (character === "'" || character === '"' || character === "\u0060") quote = character;
    else if ("([{".includes(character)) depth += 1;
    else if (")]}".includes(character)) depth -= 1;
    else if (character === ";" && depth === 0) last = index;
  }
  return last;
}

async function loadFunction(file, name, transform) {
  const key = (transform ? "transform#" : "") + file + "#" + (name || "");
  if (modules.has(key)) return modules.get(key);
  if (jiti === undefined) {
    const { createJiti } = await import(workerData.jitiUrl);
    jiti = createJiti(pathToFileURL(file).href, { interopDefault: true });
  }
  const module = await jiti.import(file);
  const fn = transform ? transformFunction(module, name) : exportedFunction(module, name);
  if (fn === undefined) throw new Error((name ? "export " + name : "the default export") + " of " + file + " is not a function");
  modules.set(key, fn);
  return fn;
}

function exportedFunction(module, name) {
  const value = name ? module[name] : (module.default ?? module);
  return typeof value === "function" ? value : typeof value?.default === "function" ? value.default : undefined;
}

// promptfoo's rule for transform files, matched on purpose: the named function is looked up
// on the default export when there is one, so "file://x.mjs:name" in a module with a
// default export function runs that default export.
function transformFunction(module, name) {
  const exported = module?.default?.default || module?.default || module;
  if (name && Object.prototype.hasOwnProperty.call(exported, name) && typeof exported[name] === "function") return exported[name];
  if (typeof exported === "function") return exported;
  return typeof exported?.default === "function" ? exported.default : undefined;
}

parentPort.on("message", async (job) => {
  try {
    let result;
    if (job.file) {
      const fn = await loadFunction(job.file, job.functionName, job.transform !== undefined);
      result = await fn(job.output, job.context);
    } else {
      const context = vm.createContext({});
      const parameter = job.transform ? job.transform.parameter : "output";
      const body = job.transform ? (job.code.includes("\n") ? job.code : "return " + job.code) : functionBody(job.code);
      const script = new vm.Script("(function (" + parameter + ", context) {\n" + body + "\n})", { filename: job.transform ? "transform.js" : "assertion.js" });
      const fn = script.runInContext(context, { timeout: job.timeoutMs });
      result = fn(job.output, job.context);
      if (result && typeof result.then === "function") result = await result;
    }
    parentPort.postMessage({ id: job.id, ok: true, result: JSON.parse(JSON.stringify(result === undefined ? null : result)) });
  } catch (error) {
    const timedOut = error && error.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    parentPort.postMessage({ id: job.id, ok: false, timedOut, message: error instanceof Error ? error.message : String(error) });
  }
});
`;
