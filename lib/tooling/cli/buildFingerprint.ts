import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = [
  "package-lock.json",
  "next.config.ts",
  "instrumentation.ts",
  "postcss.config.mjs",
  "tsconfig.json",
];
const SKIP = /(^|\/)(node_modules|\.next|\.data)(\/|$)|\.test\.tsx?$/;

function walk(dir: string, root: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (SKIP.test(relative(root, path))) continue;
    if (statSync(path).isDirectory()) walk(path, root, out);
    else out.push(path);
  }
}

/**
 * A hash of everything that goes into the production build (sources, lockfile, NEXT_PUBLIC_
 * variables), so `npm start` rebuilds exactly when the build would differ.
 */
export function buildFingerprint(root: string): string {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) walk(join(root, dir), root, files);
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) files.push(join(root, file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(relative(root, file));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  for (const [name, value] of Object.entries(process.env).sort()) {
    if (name.startsWith("NEXT_PUBLIC_")) hash.update(`${name}=${value}\0`);
  }
  return hash.digest("hex");
}

export const FINGERPRINT_FILE = join(".next", "source-fingerprint");

export function buildIsCurrent(root: string): boolean {
  const path = join(root, FINGERPRINT_FILE);
  if (!existsSync(join(root, ".next", "BUILD_ID")) || !existsSync(path)) return false;
  return readFileSync(path, "utf8").trim() === buildFingerprint(root);
}
