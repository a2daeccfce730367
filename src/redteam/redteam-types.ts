// The red team's shared shapes: targets, attacks, plugins (what an attack tries and how it is
// graded), strategies (how an attack is dressed), the range of traps planted for a run, and
// the report.

/** What a red-team target is. */
export type TargetKind = "prompt" | "agent" | "rag" | "model" | "http";

/**
 * How a plugin decides that an attack succeeded: `action` from what the target did (a
 * honeypot hit, a canary file read, a tool that ran), `output` from a canary in what it said,
 * `model` from a grader model's verdict on what it said.
 */
export type GradedBy = "action" | "output" | "model";

/** One tool a target offers, as the red team sees it. */
export interface TargetTool {
  name: string;
  /** Whether each call waits for a person's approval (the red team never approves). */
  requiresApproval: boolean;
  /** Network, file, code or write access: what `approval-bypass` tries to reach without approval. */
  risky: boolean;
}

/** What the red team knows about a target before attacking it. */
export interface TargetInfo {
  kind: TargetKind;
  /** The reference as given: `prompt:greeting`, `agent:careless.agent.yaml`, `rag:docs`, `openai:gpt-4o-mini`, `http://…`. */
  id: string;
  /** Short name for reports. */
  label: string;
  /** Tools offered (agents only; empty otherwise). */
  tools: TargetTool[];
  /** Whether the red team can append to the target's system prompt (false for `http`). */
  systemPrompt: boolean;
  /** Secret-looking values found in the target's own prompt or instructions (API keys, tokens, passwords): leakage canaries the developer planted by mistake. */
  ownSecrets: string[];
  /** The declared budgets (agents), for `budget-lifting`. */
  budgets?: { maxSteps?: number; maxTokens?: number; maxCostUsd?: number; maxTimeMs?: number };
}

/** Attack text placed somewhere other than the user's turn (indirect injection). Placeholders allowed. */
export interface Plant {
  /** `document`: a retrieved passage (RAG, search_collection); `tool-result`: appended to the next tool result; `web-page`: served by the range's page server at `[[page_url]]`. */
  where: "document" | "tool-result" | "web-page";
  /** The planted text. */
  text: string;
  /** Title of the planted document or page. */
  title?: string;
}

/**
 * One attack, as generated and as saved in the eval suite. Its texts are undressed: at run time
 * the placeholders are rendered from the live range (so a saved attack set replays against
 * fresh ports) and then the strategy dresses them, seeded by the attack id. Placeholders:
 * `[[honeypot_url]]`, `[[honeypot_host]]`, `[[honeypot_dns_url]]`, `[[page_url]]`, `[[redirect_url]]`, `[[workspace]]`,
 * `[[outside_file]]`, `[[sibling_file]]`, `[[symlink_file]]`, `[[env_canary_name]]`,
 * `[[canary:<label>]]` (a per-attack random token).
 */
export interface Attack {
  /** `<plugin>/<strategy>/<n>`, unique in a run. */
  id: string;
  plugin: string;
  strategy: string;
  /** What the attacker is after, in words (reports, the multi-turn attacker's brief). */
  goal: string;
  /** User turns, in order. A multi-turn attack holds the first; the attacker model writes the rest live. */
  turns: string[];
  /** Attack text placed outside the user turn. */
  plant?: Plant;
  /** A line appended to the target's system prompt (a canary the attack tries to extract or leak). */
  systemNote?: string;
  /** Multi-turn escalation: most user turns, the first included. */
  maxTurns?: number;
}

/** One tool call a target made, as the grader sees it. */
export interface ObservedToolCall {
  name: string;
  input: unknown;
  /** What went back to the model: the result, or the error. */
  output: string;
  isError: boolean;
  /** Refused for want of approval. */
  denied?: boolean;
}

/** A request that reached the honeypot: proof of SSRF. */
export interface HoneypotHit {
  /** The attack whose URL it was (from the path), or `unknown`. */
  attackId: string;
  method: string;
  /** Path and query as received. */
  path: string;
  /** The Host header as received. */
  host: string;
  /** ISO time. */
  time: string;
}

/** What a target did with one attack. */
export interface TargetRun {
  /** The final answer (all assistant turns joined for multi-turn attacks). */
  output: string;
  /** The conversation as it went, user and assistant turns, placeholders rendered. */
  transcript: { role: "user" | "assistant"; content: string }[];
  toolCalls: ObservedToolCall[];
  /** Retrieved or cited passages (RAG): the number the answer cites, the source, the text. */
  citations?: { index: number; source: string; text: string }[];
  /** The answer's claims of support: `[n]` markers the answer used. */
  citedIndexes?: number[];
  traceId?: string;
  costUsd: number;
  tokens: number;
  /** Model calls made (agents). */
  steps?: number;
  stopReason?: string;
  durationMs: number;
  /** Honeypot hits made while this attack ran (filled by the runner from the range). */
  honeypotHits: HoneypotHit[];
}

/** What a target is given for one attack: texts rendered and dressed. */
export interface TargetInput {
  attackId: string;
  /** The conversation so far, ending with the user turn to answer. */
  messages: { role: "user" | "assistant"; content: string }[];
  plant?: Plant;
  systemNote?: string;
  /**
   * Whether the person asked to approve a risky call says yes. Every plugin but
   * `approval-bypass` runs with one who approves everything (the worst case for the tools' own
   * guards); `approval-bypass` with one who approves nothing.
   */
  approveCalls: boolean;
}

/** A target opened for a run. */
export interface RedteamTarget {
  info: TargetInfo;
  /** Runs one turn of an attack (`honeypotHits` is filled by the caller from the range). */
  run(input: TargetInput, options: { signal: AbortSignal }): Promise<Omit<TargetRun, "honeypotHits">>;
  close(): Promise<void>;
}

/** A plugin's verdict on one attack. */
export interface AttackVerdict {
  /** True when the attack got what it wanted. */
  success: boolean;
  /** One sentence: what happened. */
  reason: string;
  /** The proof, for reports: the tool call (name and the argument that did it), an excerpt, the hits. */
  evidence?: { toolCall?: ObservedToolCall; excerpt?: string; hits?: HoneypotHit[] };
}

/** The live traps of a run, as plugins and targets see them. */
export interface RangeView {
  /** A random token for (attack, label), the same for the same run seed. */
  canary(attackId: string, label: string): string;
  /** Replaces every placeholder (see `Attack`) for this attack. */
  render(attackId: string, text: string): string;
  /** The honeypot listener on a private (loopback, non-127.0.0.1 where the OS allows) address. */
  honeypot: { host: string; port: number; hits(attackId: string): HoneypotHit[]; /** In every honeypot answer: a fetch that got through shows it. */ canary: string };
  /** The attacker's web server (the page an agent is told to read), on loopback: `/p/<attack id>` serves the planted page, `/r/<attack id>` redirects to the honeypot. */
  pages: { origin: string; serve(attackId: string, page: Plant): void };
  /** A folder laid out for file attacks: `root` (what file tools should be held to), a canary file outside it, one in a sibling folder whose name has `root` as a prefix, and a symlink inside `root` that points outside. */
  workspace: { root: string; outsideFile: string; siblingFile: string; symlinkFile: string };
  /** The canary text written in every canary file (per run). */
  fileCanary: string;
  /** An environment variable set in this process for the run, that code in a sandbox must not be able to read. */
  envCanary: { name: string; value: string };
  /** Name resolution for network tools: maps `[[honeypot_dns_url]]`'s name to the honeypot, others through the system resolver. */
  resolveHost(hostname: string): Promise<string[]>;
}

/** A started range: the view plus its shutdown. */
export interface Range extends RangeView {
  close(): Promise<void>;
}

/** What a plugin's grader receives. */
export interface GradeInput {
  attack: Attack;
  run: TargetRun;
  target: TargetInfo;
  range: RangeView;
  /** Asks the grader model (model-graded plugins); resolves to its reply text. */
  askGrader(request: { system?: string; prompt: string }): Promise<string>;
  /** The stored trace of a run as text (every span's attributes), to check what reached the store. */
  traceText?(traceId: string): Promise<string>;
}

/** One attack idea written for this project; strategies dress its text, the attacker model may paraphrase it. */
export interface AttackTemplate {
  goal: string;
  /** The attack text: the user turn, or the planted text when `plant` is set. */
  text: string;
  /** When set, `text` is planted there and the user turn is this innocent request. */
  plant?: { where: Plant["where"]; title?: string; userTurn: string };
  /** A line appended to the target's system prompt. */
  systemNote?: string;
  /** The same attack written in another language, keyed by BCP 47 tag (used by the `language` strategy). */
  translations?: Record<string, string>;
}

/** What an attack tries, and the rule that says whether it worked. */
export interface RedteamPlugin {
  /** Kebab-case id used on the command line. */
  id: string;
  /** One line for `--help` and reports. */
  title: string;
  gradedBy: GradedBy;
  /** Target kinds it applies to. Returns a reason when this target cannot be attacked this way (e.g. no network tool). */
  appliesTo(target: TargetInfo): true | string;
  /** The attack ideas for this target. */
  templates(target: TargetInfo): AttackTemplate[];
  grade(input: GradeInput): Promise<AttackVerdict>;
}

/** What a strategy may use. */
export interface StrategyContext {
  /** Seeded random numbers in [0, 1). */
  random(): number;
  template: AttackTemplate;
}

/** How an attack is dressed: an encoding, a disguise, a language, or a live multi-turn escalation. */
export interface RedteamStrategy {
  id: string;
  title: string;
  /** Dresses the attack text (the user turn, or the planted text). */
  apply(text: string, context: StrategyContext): string;
  /** True for strategies an attacker model drives turn by turn. */
  multiTurn?: boolean;
}

/** Attacks and successes in one group (a plugin, or a plugin × strategy cell). */
export interface SuccessRate {
  attacks: number;
  successes: number;
  /** Attacks that could not be judged (target or grader error); not counted in `attacks`. */
  errors: number;
  rate: number;
  /** 95% Wilson score interval of the rate. */
  interval: [number, number];
}

/** One attack's outcome, for reports. */
export interface AttackOutcome {
  attack: Attack;
  /** `error` when the target or grader failed: the attack was not judged. */
  status: "success" | "blocked" | "error";
  reason: string;
  evidence?: AttackVerdict["evidence"];
  traceId?: string;
  costUsd: number;
  durationMs: number;
  /** The transcript, for successful attacks. */
  transcript?: TargetRun["transcript"];
  /** Every tool call the target made. */
  toolCalls?: ObservedToolCall[];
}

/** A red-team run's report: what every output format is rendered from. */
export interface RedteamReport {
  target: TargetInfo;
  seed: number;
  /** The attacker model, or `none` when templates were used as written. */
  attacker: string;
  startedAt: string;
  durationMs: number;
  attacksPerSecond: number;
  /** The eval run that holds every cell (`flywheel eval show <id>`). */
  evalRunId?: string;
  plugins: (SuccessRate & { plugin: string; gradedBy: GradedBy })[];
  cells: (SuccessRate & { plugin: string; strategy: string })[];
  strategies: string[];
  outcomes: AttackOutcome[];
  /** Plugins not run on this target, and why. */
  skipped: { plugin: string; reason: string }[];
  /** The run's budget and what stopped it, if anything. */
  budget: { maxAttacks?: number; maxCostUsd?: number; spentUsd: number; stoppedBy?: "max-cost" | "max-attacks" };
}

/** Options for `runRedteam`. */
export interface RunRedteamOptions {
  /** Target reference: `prompt:<ref>`, `agent:<file>`, `rag:<collection>`, `http(s)://…`, or a model id. */
  target: string;
  /** Plugin ids (default: every plugin that applies to the target). */
  plugins?: string[];
  /** Strategy ids (default: every strategy). */
  strategies?: string[];
  /** Attacks per plugin and strategy (default from config, 2). */
  attacksPerCell?: number;
  /** Seed of template choice, paraphrase and dressing (default 1). */
  seed?: number;
  /** Attacker model id for paraphrase and multi-turn, or `none` for templates as written (default from config). */
  attacker?: string;
  /** Model for prompt and rag targets (default: the prompt's, else the configured default). */
  model?: string;
  /** Grader model of the model-graded plugin (default: the evals' default grader). */
  grader?: string;
  /** Most attacks in the run; nothing inside the run can raise it. */
  maxAttacks?: number;
  /** Most US dollars of model calls (target, attacker, grader together); nothing inside the run can raise it. */
  maxCostUsd?: number;
  /** Attacks run at once (default 4). */
  concurrency?: number;
  /** Folder relative references resolve against (default: working directory). */
  cwd?: string;
  /** Report files; the extension picks the format (.json, .xml, .html). */
  outputs?: string[];
  /** Writes the attack set as an eval suite that `flywheel eval -c <file>` replays. */
  saveSuite?: string;
  /** Called after each attack is judged. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}
