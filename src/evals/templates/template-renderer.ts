import { createRequire } from "node:module";
import { JavascriptPool } from "../assertions/javascript-pool.js";
import { nunjucksWorkerSource } from "./nunjucks-worker-source.js";

/** Renders Nunjucks templates the way promptfoo does, in a sandbox. */
export interface TemplateRenderer {
  /**
   * Renders a template with vars. Missing variables render as empty text (promptfoo's
   * `throwOnUndefined: false`). `filters: false` leaves out the suite's custom filters, as
   * promptfoo does where it renders JSON prompts value by value.
   */
  render(template: string, vars: Record<string, unknown>, options?: { filters?: boolean }): Promise<string>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Options for `createTemplateRenderer`. */
export interface TemplateRendererOptions {
  /** Custom filters (promptfoo `nunjucksFilters`): filter name to the absolute path of its module. */
  filters: Record<string, string>;
  /** Time limit for one render, custom filters included. */
  timeoutMs: number;
  /** Most worker threads (default 1). */
  workers?: number;
}

// The `env` global promptfoo gives templates is the process environment; names that look
// like credentials are left out so that no key can be rendered into a prompt and stored.
const secretName = /key|token|secret|password|passwd|credential|auth/i;

const templateMarker = /\{\{|\{%|\{#/;

/**
 * Creates a renderer whose worker starts on first use. Templates run in a `node:vm`
 * context inside a worker thread, with vars passed in as JSON text, so that a template
 * cannot reach `process`, `require`, files or the network; a render that overruns its
 * time limit stops its worker and fails with a ScriptTimeoutError.
 */
export function createTemplateRenderer(options: TemplateRendererOptions): TemplateRenderer {
  let pool: JavascriptPool<{ template: string; vars: string; filters: Record<string, string>; timeoutMs: number }> | undefined;
  return {
    async render(template, vars, renderOptions = {}) {
      if (!templateMarker.test(template)) return template;
      pool ??= new JavascriptPool({
        size: options.workers ?? 1,
        source: nunjucksWorkerSource,
        subject: "Nunjucks template",
        workerData: { nunjucksFile: nunjucksBrowserBuild(), jitiUrl: import.meta.resolve("jiti"), envJson: JSON.stringify(templateEnvironment()) },
      });
      const filters = renderOptions.filters === false ? {} : options.filters;
      return (await pool.run({ template, vars: JSON.stringify(vars), filters, timeoutMs: options.timeoutMs })) as string;
    },
    async close() {
      await pool?.close();
    },
  };
}

function nunjucksBrowserBuild(): string {
  return createRequire(import.meta.url).resolve("nunjucks/browser/nunjucks.min.js");
}

function templateEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !secretName.test(entry[0])));
}
