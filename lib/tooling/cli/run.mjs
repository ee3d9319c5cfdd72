/**
 * `node lib/tooling/cli/run.mjs <start|worker|merchant> [arguments]`: runs that CLI in this
 * process from its compiled bundle (see bundle.mjs), compiling it first when its sources changed.
 * The CLI sees the arguments that follow its name.
 */
import { pathToFileURL } from "node:url";
import { CLIS, ensureBundle } from "./bundle.mjs";

const [name] = process.argv.splice(2, 1);
if (!name || !Object.hasOwn(CLIS, name)) {
  console.error(`Name a CLI to run: ${Object.keys(CLIS).join(", ")}.`);
  process.exit(2);
}

let bundle;
try {
  bundle = await ensureBundle(name);
} catch (error) {
  // esbuild has printed what did not compile, with its file and line.
  console.error(
    `\nCannot run ${name}: its sources did not compile (${error.message.split("\n")[0]})\n`,
  );
  process.exit(1);
}
const cli = await import(pathToFileURL(bundle).href);
const call = CLIS[name].call;
if (call) await cli[call]();
