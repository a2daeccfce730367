#!/usr/bin/env node
// Launcher for the `flywheel` command: checks the Node version, then runs the built CLI.
const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  console.error(`error: flywheel needs Node.js 22 or newer, and this is ${process.version}`);
  console.error("hint: install Node 22+ (https://nodejs.org) or run through npm scripts, which use the project's Node 22");
  process.exit(1);
}
try {
  await import("../dist/cli/main.js");
} catch (error) {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    console.error("error: flywheel is not built yet (dist/ is missing)");
    console.error("hint: run `npm ci` (or `npm run build`) in the project folder");
    process.exit(1);
  }
  throw error;
}
