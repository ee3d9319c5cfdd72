import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  acquireDataDirLock,
  claimDataDirForServer,
  DataDirBusyError,
  isProcessAlive,
  LOCK_FILE,
  readAdminToken,
  readLockHolder,
  readServerInfo,
  SERVER_INFO_FILE,
  tryAcquireDataDirLock,
} from "./dataDirLock";

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "checkout-lock-"));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const lockFile = () => join(dataDir, LOCK_FILE);
const lockContent = () => JSON.parse(readFileSync(lockFile(), "utf8"));

/** A process that stays alive until killed. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
    stdio: "ignore",
  });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", ""]);
  expect(isProcessAlive(result.pid)).toBe(false);
  return result.pid;
}

function writeLock(pid: number, role: "server" | "cli" = "server") {
  writeFileSync(lockFile(), JSON.stringify({ pid, role, acquired_at: new Date().toISOString() }));
}

describe("the data dir lock", () => {
  it("is taken by one holder at a time and removed on release", () => {
    const first = tryAcquireDataDirLock(dataDir, "cli");
    expect(first.acquired).toBe(true);
    expect(lockContent()).toMatchObject({ pid: process.pid, role: "cli" });

    const second = tryAcquireDataDirLock(dataDir, "server");
    expect(second).toEqual({ acquired: false, holder: expect.objectContaining({ role: "cli" }) });

    if (first.acquired) first.lock.release();
    expect(existsSync(lockFile())).toBe(false);
    const third = tryAcquireDataDirLock(dataDir, "server");
    expect(third.acquired).toBe(true);
    if (third.acquired) third.lock.release();
  });

  it("is not taken from a live process", () => {
    const other = liveProcess();
    writeLock(other.pid!);
    expect(tryAcquireDataDirLock(dataDir, "cli")).toEqual({
      acquired: false,
      holder: expect.objectContaining({ pid: other.pid, role: "server" }),
    });
    expect(readLockHolder(dataDir)?.pid).toBe(other.pid);
    expect(lockContent().pid).toBe(other.pid);
  });

  it("is taken over from a process that died", () => {
    writeLock(deadPid());
    expect(readLockHolder(dataDir)).toBeNull();
    const result = tryAcquireDataDirLock(dataDir, "cli");
    expect(result.acquired).toBe(true);
    expect(lockContent().pid).toBe(process.pid);
    if (result.acquired) result.lock.release();
  });

  it("is taken over when it names this process but this process does not hold it (pid 1 in a container)", () => {
    writeLock(process.pid);
    const result = tryAcquireDataDirLock(dataDir, "server");
    expect(result.acquired).toBe(true);
    if (result.acquired) result.lock.release();
  });

  it("treats an unreadable lock as being written for a few seconds, then as stale", () => {
    writeFileSync(lockFile(), "");
    expect(tryAcquireDataDirLock(dataDir, "cli")).toEqual({ acquired: false, holder: null });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(), old, old);
    const result = tryAcquireDataDirLock(dataDir, "cli");
    expect(result.acquired).toBe(true);
    if (result.acquired) result.lock.release();
  });

  it("release leaves a lock another process took over alone", () => {
    const result = tryAcquireDataDirLock(dataDir, "cli");
    if (!result.acquired) throw new Error("expected the lock");
    const other = liveProcess();
    writeLock(other.pid!);
    result.lock.release();
    expect(lockContent().pid).toBe(other.pid);
  });

  it("waits while it is held and takes it once the holder is gone", async () => {
    const other = liveProcess();
    writeLock(other.pid!, "cli");
    const waits: unknown[] = [];
    const started = Date.now();
    setTimeout(() => other.kill("SIGKILL"), 600);
    const lock = await acquireDataDirLock(dataDir, {
      role: "server",
      timeoutMs: 10_000,
      onWait: (holder) => waits.push(holder),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(waits).toEqual([expect.objectContaining({ pid: other.pid, role: "cli" })]);
    expect(lockContent()).toMatchObject({ pid: process.pid, role: "server" });
    lock.release();
  });

  it("gives up after the timeout with one sentence naming the holder", async () => {
    const other = liveProcess();
    writeLock(other.pid!, "cli");
    const error = await acquireDataDirLock(dataDir, { role: "server", timeoutMs: 300 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DataDirBusyError);
    expect((error as Error).message).toBe(
      `The embedded database in ${dataDir} is in use by the merchant CLI (pid ${other.pid}); stop it or use another DATA_DIR.`,
    );
  });
});

describe("claimDataDirForServer", () => {
  it("publishes server.json and an owner-only admin token, kept across restarts", async () => {
    const first = await claimDataDirForServer(dataDir, { port: 4321 });
    expect(readServerInfo(dataDir)).toEqual({ pid: process.pid, port: 4321 });
    const token = readAdminToken(dataDir);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dataDir, "admin-token")).mode & 0o777).toBe(0o600);

    first.release();
    expect(existsSync(join(dataDir, SERVER_INFO_FILE))).toBe(false);
    expect(existsSync(lockFile())).toBe(false);

    const second = await claimDataDirForServer(dataDir, { port: 4322 });
    expect(readAdminToken(dataDir)).toBe(token);
    expect(readServerInfo(dataDir)?.port).toBe(4322);
    second.release();
  });

  it("replaces an admin token file that holds no token", async () => {
    writeFileSync(join(dataDir, "admin-token"), "guessable\n");
    const lock = await claimDataDirForServer(dataDir, { port: 1 });
    expect(readAdminToken(dataDir)).toMatch(/^[0-9a-f]{64}$/);
    lock.release();
  });

  it("removes the lock and server.json when the process exits, and not when it is killed", () => {
    const script = [
      `const { claimDataDirForServer } = await import(${JSON.stringify(join(process.cwd(), "lib/db/dataDirLock.ts"))});`,
      `await claimDataDirForServer(${JSON.stringify(dataDir)}, { port: 5555 });`,
      "process.exit(process.argv.includes('--kill') ? process.kill(process.pid, 'SIGKILL') : 0);",
    ].join("\n");
    const scriptPath = join(dataDir, "claim.mts");
    writeFileSync(scriptPath, script);
    const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");

    const exited = spawnSync(tsx, ["--conditions=react-server", scriptPath], { encoding: "utf8" });
    expect(exited.stderr).toBe("");
    expect(exited.status).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    expect(existsSync(join(dataDir, SERVER_INFO_FILE))).toBe(false);
    expect(readAdminToken(dataDir)).toMatch(/^[0-9a-f]{64}$/);

    spawnSync(tsx, ["--conditions=react-server", scriptPath, "--kill"], { encoding: "utf8" });
    expect(existsSync(lockFile())).toBe(true);
    // Its holder is dead: nobody holds it, and the next process takes it over.
    expect(readLockHolder(dataDir)).toBeNull();
    const result = tryAcquireDataDirLock(dataDir, "cli");
    expect(result.acquired).toBe(true);
    if (result.acquired) result.lock.release();
  });
});
