#!/usr/bin/env node
// Launcher for the `flywheel` command. On Node 22+ it runs the built CLI with Node's module
// compile cache on. Started by an older Node, it runs itself again on the project's own
// Node 22 (the `node` dev dependency). Written in syntax that Node 18 and 20 parse.
import module from "node:module";

const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  const { runOnProjectNode } = await import("./run-on-project-node.js");
  runOnProjectNode();
} else {
  // Compiled code is kept in Node's cache folder (keyed by Node version and file contents),
  // so later runs skip parsing and compiling the CLI and its dependencies.
  module.enableCompileCache?.();
  try {
    const { main } = await import("../dist/cli/main.js");
    await main(process.argv);
  } catch (error) {
    if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
      console.error("error: flywheel is not built yet (dist/ is missing)");
      console.error("hint: run `npm ci` (or `npm run build`) in the project folder");
      process.exit(1);
    }
    throw error;
  }
}
