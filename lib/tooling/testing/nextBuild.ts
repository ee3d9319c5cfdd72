import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFingerprint, buildIsCurrent, FINGERPRINT_FILE } from "../cli/buildFingerprint";

const root = process.cwd();
export const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");

/** Builds the production app unless the build on disk is of these sources (as npm start does). */
export function ensureBuild(): void {
  if (buildIsCurrent(root)) return;
  const fingerprint = buildFingerprint(root);
  const build = spawnSync(process.execPath, [nextBin, "build"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 600_000,
  });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}
