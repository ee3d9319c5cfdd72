/**
 * `npm test`: typecheck, lint, unit tests, integration tests on PGlite and on PostgreSQL, and
 * browser tests. Fetches what it lacks: Debian's Chromium and PostgreSQL through apt where it
 * can (as root), Playwright's own Chromium on an ordinary developer machine.
 *
 *   npm test                       every step
 *   npm test -- unit integration   only these steps (typecheck lint unit integration postgres e2e)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import {
  findPostgresBinaries,
  startTemporaryPostgres,
  type TemporaryPostgres,
} from "../testing/postgresServer";

const STEPS = ["typecheck", "lint", "unit", "integration", "postgres", "e2e"] as const;
type Step = (typeof STEPS)[number];

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
for (const step of requested) {
  if (!STEPS.includes(step as Step)) {
    console.error(`Unknown step "${step}"; choose from: ${STEPS.join(", ")}.`);
    process.exit(2);
  }
}
const selected = new Set<Step>(requested.length ? (requested as Step[]) : STEPS);
const bin = (name: string) => join(process.cwd(), "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const canApt = userInfo().uid === 0 && existsSync("/usr/bin/apt-get");
const timings: [string, number][] = [];

class StepFailed extends Error {
  constructor(
    readonly label: string,
    readonly exitCode: number,
  ) {
    super(`${label} failed`);
  }
}

function run(
  label: string,
  command: string,
  args: string[],
  extraEnv: Record<string, string> = {},
) {
  console.log(`\n━━ ${label} ━━ ${[command.replace(`${process.cwd()}/`, ""), ...args].join(" ")}`);
  const stepStarted = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  timings.push([label, Date.now() - stepStarted]);
  if (result.status !== 0) throw new StepFailed(label, result.status ?? 1);
}

function summary() {
  console.log("\n━━ summary ━━");
  for (const [label, ms] of timings)
    console.log(`  ${label.padEnd(32)} ${(ms / 1000).toFixed(1)} s`);
}

let aptUpdated = false;
function aptInstall(packages: string[]): boolean {
  if (!canApt) return false;
  console.log(`\nInstalling ${packages.join(", ")} from Debian…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const attempt = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], {
      stdio: "inherit",
      env: aptEnv,
    }).status === 0;
  if (attempt()) return true;
  if (aptUpdated) return false;
  aptUpdated = true;
  spawnSync("apt-get", ["update"], { stdio: "inherit", env: aptEnv });
  return attempt();
}

function ensureChromium(): void {
  const configured = process.env.CHROMIUM_PATH;
  if (configured && existsSync(configured)) return;
  if (existsSync("/usr/bin/chromium")) {
    // The checkout's Chinese and Japanese screenshots need CJK glyphs.
    if (canApt && !existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")) {
      aptInstall(["fonts-noto-cjk"]);
    }
    return;
  }
  if (
    aptInstall(["chromium", "fonts-noto-color-emoji", "fonts-noto-cjk"]) &&
    existsSync("/usr/bin/chromium")
  )
    return;
  // An ordinary developer machine: Playwright's own Chromium build.
  run("fetch Chromium (Playwright)", bin("playwright"), ["install", "chromium"]);
}

async function ensurePostgres(): Promise<{ url: string; server?: TemporaryPostgres } | null> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  let binaries = findPostgresBinaries();
  if (!binaries && aptInstall(["postgresql"])) binaries = findPostgresBinaries();
  if (!binaries) return null;
  const server = await startTemporaryPostgres(binaries);
  return { url: server.url, server };
}

async function main(): Promise<void> {
  if (selected.has("typecheck")) run("typecheck", bin("tsc"), ["--noEmit"]);
  if (selected.has("lint")) run("lint", bin("biome"), ["check", "."]);
  if (selected.has("unit")) run("unit tests", bin("vitest"), ["run", "--project", "unit"]);
  if (selected.has("integration")) {
    run("integration tests (PGlite)", bin("vitest"), ["run", "--project", "integration"]);
  }
  if (selected.has("postgres")) {
    const postgres = await ensurePostgres();
    if (!postgres) {
      const message =
        "PostgreSQL is not installed, so the integration tests ran on PGlite only. Install it (Debian: apt-get install postgresql) or set TEST_DATABASE_URL.";
      if (process.env.REQUIRE_POSTGRES === "1") throw new StepFailed(message, 1);
      console.warn(`\n! ${message}`);
    } else {
      try {
        run("integration tests (PostgreSQL)", bin("vitest"), ["run", "--project", "integration"], {
          TEST_DATABASE_URL: postgres.url,
        });
      } finally {
        postgres.server?.stop();
      }
    }
  }
  if (selected.has("e2e")) {
    ensureChromium();
    run("browser tests (Playwright)", bin("playwright"), ["test"]);
  }
}

// Ctrl+C reaches the running step too; staying alive lets the finally blocks stop servers.
process.on("SIGINT", () => {});
const started = Date.now();
try {
  await main();
} catch (error) {
  summary();
  if (error instanceof StepFailed) {
    console.error(`\n✗ ${error.label}${error.label.endsWith(".") ? "" : " failed."}`);
    process.exit(error.exitCode);
  }
  throw error;
}
summary();
console.log(
  `\n✓ all ${selected.size} steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
