import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

/** The newest PostgreSQL server binaries on this machine (Debian keeps them out of PATH). */
export function findPostgresBinaries(): string | null {
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((version) => existsSync(join(debian, version, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const initdb = which.stdout.trim();
  return initdb ? join(initdb, "..") : null;
}

export type TemporaryPostgres = { url: string; stop(): void };

/**
 * A throwaway PostgreSQL server in a temp dir on a free port: initdb, start, and a URL for the
 * superuser. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startTemporaryPostgres(bin: string): Promise<TemporaryPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "checkout-pg-"));
  const dataDir = join(dir, "data");
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  let run = (command: string, args: string[]) =>
    execFileSync(join(bin, command), args, { stdio: ["ignore", "pipe", "pipe"] });
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chmodSync(dir, 0o755);
    chownSync(dir, Number(ids), Number(gid));
    run = (command, args) =>
      execFileSync("runuser", ["-u", "postgres", "--", join(bin, command), ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      });
  }
  run("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  run("pg_ctl", [
    "-D",
    dataDir,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
