import type { FlywheelConfig } from "../../config/index.js";
import { resolveProviderCredentials } from "../../models/index.js";
import { modelGradedTypes, splitAssertionType } from "../assertions/registry.js";
import type { EvalSuite } from "./eval-suite.js";

/** The grader and embedder a suite uses when it names none, and why. */
export interface DefaultGrading {
  /** Model id of the default grader (model-graded assertions). */
  grader: string;
  /** Model id of the default embedder (`similar`, `answer-relevance`). */
  embedder: string;
  /** Whether JSON-verdict assertions ask the default grader for a JSON object (`response_format: json_object`), as promptfoo's OpenAI default does. */
  jsonObject: boolean;
  /** One line for the terminal: `grading with <id> (<why>)`. */
  line: string;
}

/** promptfoo 0.123.1's default OpenAI grading model and embedding model. */
const OPENAI_GRADER = "openai:gpt-5.6-sol";
const OPENAI_EMBEDDER = "openai:text-embedding-3-large";
/** promptfoo 0.123.1's default Anthropic grading model. */
const ANTHROPIC_GRADER = "anthropic:claude-sonnet-4-6";

/** Keys promptfoo would pick a grader from that Flywheel has no provider for, in promptfoo's order. */
const UNREACHABLE: ReadonlyArray<{ variables: string[]; service: string }> = [
  { variables: ["GEMINI_API_KEY", "GOOGLE_API_KEY", "PALM_API_KEY"], service: "Google AI Studio" },
  { variables: ["MISTRAL_API_KEY"], service: "Mistral" },
  { variables: ["XAI_API_KEY"], service: "xAI" },
];

/**
 * Picks the default grader and embedder from the keys present, as promptfoo 0.123.1's
 * `getDefaultProviders` does, so a promptfoo suite is graded by the same model: an OpenAI
 * key wins (gpt-5.6-sol, text-embedding-3-large); else an Anthropic key (claude-sonnet-4-6,
 * with promptfoo's OpenAI embedder still, which then fails without an OpenAI key in both
 * tools). A key counts wherever Flywheel would use it: the environment or
 * `providers.<name>` in flywheel.config.yaml. Without either, the embedded models grade:
 * promptfoo would try OpenAI and fail, and the services promptfoo would use instead
 * (Azure, Google, Mistral, xAI, Codex) are not providers Flywheel can call, so the line
 * says which key was passed over.
 */
export function defaultGrading(config: Pick<FlywheelConfig, "providers" | "env">): DefaultGrading {
  const keyVariable = (provider: string): string | undefined => {
    const settings = (Object.hasOwn(config.providers, provider) ? config.providers[provider] : undefined) ?? {};
    const credentials = resolveProviderCredentials(provider, settings, config.env);
    if (credentials.keySet() !== true) return undefined;
    return settings.apiKey !== undefined ? `providers.${provider}.apiKey` : credentials.keyVariable;
  };
  const openai = keyVariable("openai");
  if (openai !== undefined) return { grader: OPENAI_GRADER, embedder: OPENAI_EMBEDDER, jsonObject: true, line: `grading with ${OPENAI_GRADER}, embedding with ${OPENAI_EMBEDDER} (${openai} is set)` };
  const anthropic = keyVariable("anthropic");
  if (anthropic !== undefined) {
    return { grader: ANTHROPIC_GRADER, embedder: OPENAI_EMBEDDER, jsonObject: false, line: `grading with ${ANTHROPIC_GRADER} (${anthropic} is set), embedding with ${OPENAI_EMBEDDER} (needs OPENAI_API_KEY, as in promptfoo)` };
  }
  const passedOver = [azureKey(config.env), ...UNREACHABLE.map(({ variables, service }) => ({ variable: variables.find((name) => (config.env[name] ?? "") !== ""), service }))].find((entry) => entry?.variable !== undefined);
  const why = passedOver === undefined ? "no OPENAI_API_KEY or ANTHROPIC_API_KEY set" : `${passedOver.variable} is set, but Flywheel cannot call ${passedOver.service}; set OPENAI_API_KEY or ANTHROPIC_API_KEY to grade as promptfoo does`;
  return { grader: "local:default", embedder: "local:embed", jsonObject: false, line: `grading with local:default, embedding with local:embed (${why})` };
}

/** promptfoo prefers Azure only with a key and both deployment-name variables set. */
function azureKey(env: FlywheelConfig["env"]): { variable: string; service: string } | undefined {
  const variable = ["AZURE_OPENAI_API_KEY", "AZURE_API_KEY"].find((name) => (env[name] ?? "") !== "");
  return variable !== undefined && env.AZURE_DEPLOYMENT_NAME && env.AZURE_OPENAI_DEPLOYMENT_NAME ? { variable, service: "Azure OpenAI" } : undefined;
}

/** Assertion types that embed rather than (or as well as) ask a grader. */
const embeddingTypes: ReadonlySet<string> = new Set(["similar", "answer-relevance"]);

/**
 * The line to print at load when some assertion of the suite is graded or embedded by the
 * model chosen from the keys (none names its own `provider`, test grader or suite
 * `grader`/`embedder`); undefined otherwise.
 */
export function gradingLine(suite: EvalSuite): string | undefined {
  const chosen = suite.defaultGrading;
  if (chosen === undefined) return undefined;
  const used = suite.tests.some((test) =>
    test.assert.some((assertion) => {
      if (assertion.provider !== undefined) return false;
      const baseType = splitAssertionType(assertion.type).baseType.split(":")[0]!;
      const graded = modelGradedTypes.has(baseType) && test.grader === undefined && suite.grader === chosen.grader;
      return graded || (embeddingTypes.has(baseType) && suite.embedder === chosen.embedder);
    }),
  );
  return used ? chosen.line : undefined;
}
