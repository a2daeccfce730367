import { seededRandom } from "../evals/stats/seeded-random.js";
import { redteamPlugins } from "./plugins/index.js";
import { UnknownPluginError, UnknownStrategyError } from "./redteam-errors.js";
import type { Attack, AttackTemplate, RedteamPlugin, RedteamStrategy, TargetInfo } from "./redteam-types.js";
import { redteamStrategies } from "./strategies/index.js";

/** Options for `generateAttacks`. */
export interface GenerateAttacksOptions {
  target: TargetInfo;
  /** Plugin ids (default: every plugin). */
  plugins?: readonly string[];
  /** Strategy ids (default: every strategy). */
  strategies?: readonly string[];
  /** Templates per plugin and strategy. */
  attacksPerCell: number;
  seed: number;
  /** Most attacks in all, spread over the plugin x strategy cells in turn. */
  maxAttacks?: number;
}

/** An attack with the template it came from (the attacker paraphrases `attack.turns[0]` or `attack.plant.text`). */
export interface GeneratedAttack {
  attack: Attack;
  template: AttackTemplate;
}

/** The plugins named (all when none), refusing unknown ids. */
export function selectPlugins(ids: readonly string[] | undefined): RedteamPlugin[] {
  if (ids === undefined || ids.length === 0) return [...redteamPlugins];
  const known = redteamPlugins.map((plugin) => plugin.id);
  return ids.map((id) => redteamPlugins.find((plugin) => plugin.id === id) ?? throwUnknown(new UnknownPluginError(id, known)));
}

/** The strategies named (all when none), refusing unknown ids. */
export function selectStrategies(ids: readonly string[] | undefined): RedteamStrategy[] {
  if (ids === undefined || ids.length === 0) return [...redteamStrategies];
  const known = redteamStrategies.map((strategy) => strategy.id);
  return ids.map((id) => redteamStrategies.find((strategy) => strategy.id === id) ?? throwUnknown(new UnknownStrategyError(id, known)));
}

function throwUnknown(error: Error): never {
  throw error;
}

/**
 * The attack set of a run: every plugin that applies to the target, times every strategy,
 * times `attacksPerCell` of the plugin's templates picked with the seed (the same seed gives
 * the same set). `maxAttacks` takes attacks from the cells in turn, so a small budget still
 * covers every plugin and strategy before it repeats any.
 */
export function generateAttacks(options: GenerateAttacksOptions): { attacks: GeneratedAttack[]; skipped: { plugin: string; reason: string }[] } {
  const plugins = selectPlugins(options.plugins);
  const strategies = selectStrategies(options.strategies);
  const skipped: { plugin: string; reason: string }[] = [];
  const cells: GeneratedAttack[][] = [];
  for (const plugin of plugins) {
    const applies = plugin.appliesTo(options.target);
    if (applies !== true) {
      skipped.push({ plugin: plugin.id, reason: applies });
      continue;
    }
    const templates = plugin.templates(options.target);
    if (templates.length === 0) {
      skipped.push({ plugin: plugin.id, reason: "no attack templates for this target" });
      continue;
    }
    for (const strategy of strategies) {
      const random = seededRandom(hashSeed(`${options.seed}:${plugin.id}:${strategy.id}`));
      const order = shuffled(templates.length, random);
      const cell: GeneratedAttack[] = [];
      for (let n = 0; n < options.attacksPerCell; n += 1) {
        const template = templates[order[n % order.length]!]!;
        cell.push({ attack: attackOf(plugin, strategy, template, n), template });
      }
      cells.push(cell);
    }
  }
  const attacks: GeneratedAttack[] = [];
  const limit = options.maxAttacks ?? Number.POSITIVE_INFINITY;
  for (let round = 0; attacks.length < limit; round += 1) {
    let added = false;
    for (const cell of cells) {
      if (attacks.length >= limit) break;
      const next = cell[round];
      if (next === undefined) continue;
      attacks.push(next);
      added = true;
    }
    if (!added) break;
  }
  return { attacks, skipped };
}

function attackOf(plugin: RedteamPlugin, strategy: RedteamStrategy, template: AttackTemplate, n: number): Attack {
  const text = strategy.id === "language" ? (Object.values(template.translations ?? {})[0] ?? template.text) : template.text;
  const planted = template.plant !== undefined;
  return {
    id: `${plugin.id}/${strategy.id}/${n}`,
    plugin: plugin.id,
    strategy: strategy.id,
    goal: template.goal,
    turns: [planted ? template.plant!.userTurn : text],
    ...(planted ? { plant: { where: template.plant!.where, text, ...(template.plant!.title === undefined ? {} : { title: template.plant!.title }) } } : {}),
    ...(template.systemNote === undefined ? {} : { systemNote: template.systemNote }),
    ...(strategy.multiTurn === true ? { maxTurns: 3 } : {}),
  };
}

function shuffled(length: number, random: () => number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A 32-bit seed from text (FNV-1a). */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
