import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

/** One wheel to build: its distribution name, version and files (path inside the wheel -> bytes). */
export interface SyntheticWheel {
  name: string;
  version: string;
  files: Record<string, Buffer>;
}

const writer = `
import base64, json, sys, zipfile
spec = json.load(sys.stdin)
for wheel in spec["wheels"]:
    dist = wheel["name"].replace("-", "_")
    info = f"{dist}-{wheel['version']}.dist-info"
    target = f"{spec['folder']}/{dist}-{wheel['version']}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in wheel["files"].items():
            archive.writestr(name, base64.b64decode(data))
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\\nName: {wheel['name']}\\nVersion: {wheel['version']}\\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        archive.writestr(f"{info}/RECORD", "")
`;

/**
 * Writes real wheel files into `folder` with Python's zipfile, so `pip download --no-index
 * --find-links <folder>` serves them like a package index would.
 */
export function writeSyntheticWheels(folder: string, wheels: SyntheticWheel[]): void {
  mkdirSync(folder, { recursive: true });
  const spec = {
    folder: path.resolve(folder),
    wheels: wheels.map((wheel) => ({
      ...wheel,
      files: Object.fromEntries(Object.entries(wheel.files).map(([name, data]) => [name, data.toString("base64")])),
    })),
  };
  execFileSync("python3", ["-c", writer], { input: JSON.stringify(spec) });
}
