import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Maven Central, used when neither the environment nor the Maven settings name a repository. */
export const mavenCentral = "https://repo1.maven.org/maven2";

/** The repository a `maven:` pull fetches from, and why that one. */
export interface MavenRepository {
  url: string;
  /** `FLYWHEEL_MAVEN_REPOSITORY`, the settings file's path, or `Maven Central`. */
  from: string;
}

/**
 * Finds the repository the way Maven would for Central: `FLYWHEEL_MAVEN_REPOSITORY` wins, then
 * the first mirror of Central in the user's Maven settings (`~/.m2/settings.xml`,
 * `<mirrors><mirror><mirrorOf>` `*`, `central` or `external:*`), else Maven Central.
 */
export async function mavenRepository(env: Record<string, string | undefined>): Promise<MavenRepository> {
  const fromEnv = env.FLYWHEEL_MAVEN_REPOSITORY?.trim();
  if (fromEnv) return { url: fromEnv, from: "FLYWHEEL_MAVEN_REPOSITORY" };
  const settings = path.join(env.HOME || os.homedir(), ".m2", "settings.xml");
  let xml: string;
  try {
    xml = await readFile(settings, "utf8");
  } catch {
    return { url: mavenCentral, from: "Maven Central" };
  }
  const mirror = await centralMirror(xml);
  return mirror === undefined ? { url: mavenCentral, from: "Maven Central" } : { url: mirror, from: settings };
}

/** The URL of the first mirror in a Maven settings file that stands in for Central. */
async function centralMirror(xml: string): Promise<string | undefined> {
  const { XMLParser } = await import("fast-xml-parser"); // only a maven: pull reads settings
  let parsed: unknown;
  try {
    parsed = new XMLParser({ isArray: (name) => name === "mirror", parseTagValue: false }).parse(xml);
  } catch {
    // Maven itself refuses a broken settings file; a pull falls back to Central rather than guessing.
    return undefined;
  }
  const mirrors = (parsed as { settings?: { mirrors?: { mirror?: { url?: unknown; mirrorOf?: unknown }[] } } }).settings?.mirrors?.mirror ?? [];
  const found = mirrors.find((mirror) => typeof mirror.url === "string" && typeof mirror.mirrorOf === "string" && mirrorsCentral(mirror.mirrorOf));
  return typeof found?.url === "string" ? found.url.trim() : undefined;
}

/** Whether a `mirrorOf` pattern (`*`, `central`, `external:*`, comma lists, `!central`) covers Central. */
function mirrorsCentral(mirrorOf: string): boolean {
  const patterns = mirrorOf.split(",").map((pattern) => pattern.trim());
  if (patterns.includes("!central")) return false;
  return patterns.some((pattern) => pattern === "*" || pattern === "central" || pattern === "external:*");
}
