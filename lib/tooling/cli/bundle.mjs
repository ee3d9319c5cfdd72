/**
 * The CLIs (`npm start`, `npm run worker`, `npm run merchant`) run as JavaScript compiled ahead of
 * time from their TypeScript sources, so no TypeScript loader runs beside them. Each is bundled
 * with the lib/ code it imports (packages stay in node_modules) into
 * node_modules/.cache/checkout-cli/, and compiled again only when one of those sources changed:
 * the manifest beside each bundle lists its sources and their SHA-256.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever the working directory. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Each CLI: its bundles (the first is the one run.mjs imports; the others are loaded by it, as
 * start.ts loads its worker thread's), and the export to call when importing it does not run it.
 */
export const CLIS = {
  start: {
    entries: {
      start: "lib/tooling/cli/start.ts",
      startPreflight: "lib/tooling/cli/startPreflight.ts",
    },
  },
  worker: { entries: { worker: "lib/tooling/cli/worker.ts" } },
  merchant: { entries: { merchant: "lib/tooling/cli/merchant.ts" }, call: "runCommandLine" },
};

const THIS_FILE = fileURLToPath(import.meta.url);

export function bundleDir(root = ROOT) {
  return join(root, "node_modules", ".cache", "checkout-cli");
}

/** The bundle run.mjs imports for the CLI `name`. */
export function bundlePath(name, root = ROOT) {
  return join(bundleDir(root), `${name}.mjs`);
}

function manifestPath(name, root) {
  return join(bundleDir(root), `${name}.json`);
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** True when the CLI's bundles on disk were compiled from its sources as they are now. */
export function bundleIsCurrent(name, root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(name, root), "utf8"));
  } catch {
    return false;
  }
  if (manifest.compiler !== sha256(THIS_FILE)) return false;
  const entries = Object.keys(CLIS[name].entries);
  if (!entries.every((entry) => existsSync(join(bundleDir(root), `${entry}.mjs`)))) return false;
  return Object.entries(manifest.inputs).every(([path, hash]) => {
    const file = join(root, path);
    return existsSync(file) && sha256(file) === hash;
  });
}

/** esbuild, as tsx (a dependency) brings it. */
async function loadEsbuild() {
  const require = createRequire(import.meta.url);
  const fromTsx = createRequire(require.resolve("tsx/package.json"));
  return import(fromTsx.resolve("esbuild"));
}

/** Compiles the CLI `name` into its bundles and writes its manifest. */
export async function compileBundle(name, root = ROOT) {
  const esbuild = await loadEsbuild();
  try {
    const result = await esbuild.build({
      entryPoints: CLIS[name].entries,
      outdir: bundleDir(root),
      outExtension: { ".js": ".mjs" },
      absWorkingDir: root,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      write: false,
      metafile: true,
      logLevel: "error",
      plugins: [serverOnly],
    });
    const inputs = {};
    // tsconfig.json too: esbuild reads its compiler options, and it is no import.
    for (const path of [...Object.keys(result.metafile.inputs), "tsconfig.json"]) {
      // Files only: the empty "server-only" below is not on disk.
      if (existsSync(join(root, path))) inputs[path] = sha256(join(root, path));
    }
    mkdirSync(bundleDir(root), { recursive: true });
    // Each written aside, then renamed: a CLI starting meanwhile reads an old file or a new one.
    const temporary = `.${process.pid}.tmp`;
    for (const output of result.outputFiles) {
      writeFileSync(output.path + temporary, output.contents);
      renameSync(output.path + temporary, output.path);
    }
    const manifest = { compiler: sha256(THIS_FILE), inputs };
    writeFileSync(manifestPath(name, root) + temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(manifestPath(name, root) + temporary, manifestPath(name, root));
  } finally {
    // esbuild's service process must not outlive the compilation.
    await esbuild.stop();
  }
}

/** The path of the CLI's bundle, compiled first when its sources changed. */
export async function ensureBundle(name, root = ROOT) {
  if (!bundleIsCurrent(name, root)) await compileBundle(name, root);
  return bundlePath(name, root);
}

/**
 * "server-only" throws outside React's server build; the CLIs are server code, as tsx's
 * --conditions=react-server says for them when they run from source.
 */
const serverOnly = {
  name: "server-only",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({
      path: "server-only",
      namespace: "empty",
    }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};
