// Source of the worker thread that renders Nunjucks templates, kept as a string so the
// same code serves the TypeScript sources (tests) and the built package. Nunjucks itself
// (its self-contained browser build) runs inside a `node:vm` context that holds no host
// object: vars and filter results cross as JSON text and are parsed inside the context,
// so `constructor.constructor("return process")()` finds the context's own Function and
// no `process`, `require` or module loader. Custom filters are user modules, loaded with
// jiti in the worker like javascript assertion files; the context reaches them only
// through a closure that takes and returns JSON text. Each render runs under a vm time
// limit; the main thread stops the whole worker when a job overruns anyway.
export const nunjucksWorkerSource = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");
const nunjucksScript = new vm.Script(fs.readFileSync(workerData.nunjucksFile, "utf8"), { filename: "nunjucks.js" });
const renderScript = new vm.Script("__render(__template, __vars, __filters)", { filename: "template" });
const filterFunctions = new Map();
let jiti;
let context;

// Runs inside the context (it is compiled there from its source text), so every object
// it makes belongs to the context. callFilter is the one host function it holds, in a closure.
function sandboxSetup(callFilter, envJson) {
  "use strict";
  const nunjucks = globalThis.module.exports;
  delete globalThis.module;
  delete globalThis.exports;
  const environments = new Map();
  function environment(filterNames) {
    const key = filterNames.join("\n");
    if (environments.has(key)) return environments.get(key);
    const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
    env.addGlobal("env", JSON.parse(envJson));
    env.addFilter("load", function (text) { return JSON.parse(text); });
    for (const name of filterNames) {
      env.addFilter(name, function () {
        const result = callFilter(name, JSON.stringify(Array.prototype.slice.call(arguments)));
        return result === undefined ? undefined : JSON.parse(result);
      });
    }
    environments.set(key, { env, compiled: new Map() });
    return environments.get(key);
  }
  // A suite renders the same few templates for every cell: compile each once (bounded).
  function compile(environment, template) {
    let compiled = environment.compiled.get(template);
    if (compiled === undefined) {
      if (environment.compiled.size >= 1000) environment.compiled.clear();
      compiled = new nunjucks.Template(template, environment.env, undefined, true);
      environment.compiled.set(template, compiled);
    }
    return compiled;
  }
  Object.defineProperty(globalThis, "__render", {
    value: function (template, varsJson, filtersJson) {
      return String(compile(environment(JSON.parse(filtersJson)), template).render(JSON.parse(varsJson)));
    },
  });
}

function createSandbox() {
  const sandbox = vm.createContext({});
  vm.runInContext("globalThis.module = { exports: {} }; globalThis.exports = globalThis.module.exports;", sandbox);
  nunjucksScript.runInContext(sandbox);
  vm.runInContext("(" + sandboxSetup.toString() + ")", sandbox)(callFilter, workerData.envJson);
  return sandbox;
}

function callFilter(name, argsJson) {
  const fn = filterFunctions.get(name);
  const result = fn.apply(undefined, JSON.parse(argsJson));
  return result === undefined ? undefined : JSON.stringify(result);
}

async function loadFilters(filters) {
  for (const [name, file] of Object.entries(filters)) {
    if (filterFunctions.has(name)) continue;
    if (jiti === undefined) {
      const { createJiti } = await import(workerData.jitiUrl);
      jiti = createJiti(pathToFileURL(file).href, { interopDefault: true });
    }
    const module = await jiti.import(file);
    const fn = typeof module === "function" ? module : typeof module?.default === "function" ? module.default : undefined;
    if (fn === undefined) throw new Error("the nunjucks filter " + name + " in " + file + " does not export a function");
    filterFunctions.set(name, fn);
  }
}

// Nunjucks prefixes "(unknown path)" and breaks lines; a cell's error is one line.
function oneLine(message) {
  return message.replace(/^\(unknown path\)\s*/, "").replace(/\s+/g, " ").trim();
}

parentPort.on("message", async (job) => {
  try {
    await loadFilters(job.filters);
    context ??= createSandbox();
    // Only strings cross into the context: a host object there would lead back to the host's Function.
    context.__template = job.template;
    context.__vars = job.vars;
    context.__filters = JSON.stringify(Object.keys(job.filters));
    const result = renderScript.runInContext(context, { timeout: job.timeoutMs });
    parentPort.postMessage({ id: job.id, ok: true, result });
  } catch (error) {
    const timedOut = error && error.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    parentPort.postMessage({ id: job.id, ok: false, timedOut, message: oneLine(error && typeof error.message === "string" ? error.message : String(error)) });
  }
});
`;
