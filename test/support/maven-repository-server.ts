import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A Maven artifact to serve: coordinates and the files its jar holds (path inside the jar -> bytes). */
export interface SyntheticArtifact {
  group: string;
  artifact: string;
  version: string;
  files: Record<string, Buffer>;
}

/** A running repository: its URL, the paths it was asked for, and `close`. */
export interface MavenRepositoryServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const writer = `
import base64, json, sys, zipfile
spec = json.load(sys.stdin)
with zipfile.ZipFile(spec["target"], "w", zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\\n")
    for name, data in spec["files"].items():
        archive.writestr(name, base64.b64decode(data))
`;

/**
 * Writes real jars (zip files, with Python's zipfile) into `folder` in the standard Maven layout
 * and serves the folder over HTTP as a repository does: files by path, 404 for anything else,
 * Range requests honoured.
 */
export async function startMavenRepository(folder: string, artifacts: SyntheticArtifact[]): Promise<MavenRepositoryServer> {
  for (const artifact of artifacts) {
    const directory = path.join(folder, ...artifact.group.split("."), artifact.artifact, artifact.version);
    mkdirSync(directory, { recursive: true });
    const files = Object.fromEntries(Object.entries(artifact.files).map(([name, data]) => [name, data.toString("base64")]));
    execFileSync("python3", ["-c", writer], { input: JSON.stringify({ target: path.join(directory, `${artifact.artifact}-${artifact.version}.jar`), files }) });
  }
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://repository").pathname);
    requests.push(urlPath);
    const file = path.join(folder, urlPath);
    if (urlPath.includes("..") || !existsSync(file) || !file.endsWith(".jar")) {
      response.writeHead(404).end("Not Found");
      return;
    }
    const body = readFileSync(file);
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    const slice = body.subarray(match ? Number(match[1]) : 0);
    response.writeHead(match ? 206 : 200, { "content-length": String(slice.length), "content-type": "application/java-archive" });
    response.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
