import "server-only";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/**
 * PGlite lets one process open a data dir. Whoever opens the embedded database in DATA_DIR first
 * takes `pglite.lock` (created exclusively, holding its pid); a server also writes `server.json`
 * (pid, port) and keeps `admin-token`, so that the merchant CLI can send its commands to the
 * running server instead of opening the database beside it.
 */
export const LOCK_FILE = "pglite.lock";
export const SERVER_INFO_FILE = "server.json";
export const ADMIN_TOKEN_FILE = "admin-token";

export type DataDirLockRole = "server" | "cli";

export type LockHolder = { pid: number; role: DataDirLockRole; acquired_at: string };

export type ServerInfo = { pid: number; port: number };

export type DataDirLock = {
  holder: LockHolder;
  /** Removes the lock and the files handed to removeOnRelease; safe to call twice. */
  release(): void;
  /** On release (or exit), also remove this file if it still holds this content. */
  removeOnRelease(path: string, content: string): void;
};

export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super(message);
  }
}

/** A lock file younger than this with unreadable content is still being written. */
const PARTIAL_WRITE_GRACE_MS = 5_000;
/** A takeover guard older than this belongs to a process that died mid-takeover. */
const TAKEOVER_GUARD_STALE_MS = 10_000;
const POLL_INTERVAL_MS = 150;

const held = globalThis as typeof globalThis & {
  /** Lock file contents this process wrote; kept on globalThis because bundles duplicate modules. */
  __checkoutHeldLocks?: Set<string>;
};
held.__checkoutHeldLocks ??= new Set();
const heldLocks = held.__checkoutHeldLocks;

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // No /proc (macOS): kill(pid, 0) is the answer.
  }
}

function parseHolder(content: string): LockHolder | null {
  try {
    const parsed = JSON.parse(content) as Partial<LockHolder>;
    if (
      typeof parsed.pid === "number" &&
      (parsed.role === "server" || parsed.role === "cli") &&
      typeof parsed.acquired_at === "string"
    ) {
      return parsed as LockHolder;
    }
  } catch {
    // Unreadable: handled by the caller.
  }
  return null;
}

type LockState =
  | { kind: "free" }
  | { kind: "held"; holder: LockHolder | null }
  | { kind: "stale"; content: string };

function inspectLock(path: string): LockState {
  let content: string;
  let modifiedAt: number;
  try {
    content = readFileSync(path, "utf8");
    modifiedAt = statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "free" };
    throw error;
  }
  const holder = parseHolder(content);
  if (!holder) {
    return Date.now() - modifiedAt < PARTIAL_WRITE_GRACE_MS
      ? { kind: "held", holder: null }
      : { kind: "stale", content };
  }
  if (heldLocks.has(content)) return { kind: "held", holder };
  // Our own pid in a lock we do not hold: a previous process with the same pid (pid 1 in a
  // container, every time) left it behind.
  if (holder.pid === process.pid || !isProcessAlive(holder.pid)) return { kind: "stale", content };
  return { kind: "held", holder };
}

/** Removes a stale lock, unless another process took it over (or replaced it) meanwhile. */
function removeStaleLock(path: string, staleContent: string): void {
  const guard = `${path}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_GUARD_STALE_MS) unlinkSync(guard);
    } catch {
      // Gone already.
    }
    return; // Someone else is taking it over; the caller looks again.
  }
  try {
    let current: string | null = null;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = null;
    }
    if (current === staleContent) unlinkSync(path);
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      // Gone already.
    }
  }
}

function removeIfContent(path: string, content: string): void {
  try {
    if (readFileSync(path, "utf8") === content) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

export type TryAcquireResult =
  | { acquired: true; lock: DataDirLock }
  | { acquired: false; holder: LockHolder | null };

/** Takes the lock when it is free or stale; otherwise says who holds it. Never waits. */
export function tryAcquireDataDirLock(dataDir: string, role: DataDirLockRole): TryAcquireResult {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const holder: LockHolder = { pid: process.pid, role, acquired_at: new Date().toISOString() };
    // A random nonce makes this process's lock content unique, so release never removes a lock
    // another process took over.
    const content = `${JSON.stringify({ ...holder, nonce: randomBytes(8).toString("hex") })}\n`;
    try {
      writeFileSync(path, content, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const state = inspectLock(path);
      if (state.kind === "held") return { acquired: false, holder: state.holder };
      if (state.kind === "stale") removeStaleLock(path, state.content);
      continue;
    }
    heldLocks.add(content);
    const extraFiles: { path: string; content: string }[] = [];
    const release = () => {
      process.off("exit", release);
      for (const file of extraFiles) removeIfContent(file.path, file.content);
      removeIfContent(path, content);
      heldLocks.delete(content);
    };
    process.on("exit", release);
    const removeOnRelease = (filePath: string, fileContent: string) => {
      extraFiles.push({ path: filePath, content: fileContent });
    };
    return { acquired: true, lock: { holder, release, removeOnRelease } };
  }
  return { acquired: false, holder: readLockHolder(dataDir) };
}

/** Waits up to timeoutMs for the lock; onWait is told once, when it first has to wait. */
export async function acquireDataDirLock(
  dataDir: string,
  options: {
    role: DataDirLockRole;
    timeoutMs: number;
    onWait?: (holder: LockHolder | null) => void;
  },
): Promise<DataDirLock> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const result = tryAcquireDataDirLock(dataDir, options.role);
    if (result.acquired) return result.lock;
    if (Date.now() >= deadline) throw busyError(dataDir, result.holder);
    if (!told) {
      told = true;
      options.onWait?.(result.holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

export function busyError(dataDir: string, holder: LockHolder | null): DataDirBusyError {
  const who = !holder
    ? "another process"
    : holder.role === "server"
      ? `a running server (pid ${holder.pid})`
      : `the merchant CLI (pid ${holder.pid})`;
  return new DataDirBusyError(
    `The embedded database in ${dataDir} is in use by ${who}; stop it or use another DATA_DIR.`,
    holder,
  );
}

/** Who holds the lock now, or null when nobody alive does. */
export function readLockHolder(dataDir: string): LockHolder | null {
  const state = inspectLock(lockPath(dataDir));
  return state.kind === "held" ? state.holder : null;
}

function writeFileAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, content, { mode, flag: "wx" });
  renameSync(temporary, path);
}

export function readServerInfo(dataDir: string): ServerInfo | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, SERVER_INFO_FILE), "utf8")) as ServerInfo;
    if (Number.isInteger(parsed.pid) && Number.isInteger(parsed.port)) return parsed;
  } catch {
    // Missing or half-written.
  }
  return null;
}

const ADMIN_TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/** The admin token (32 random bytes, hex), or null when there is none. */
export function readAdminToken(dataDir: string): string | null {
  try {
    const token = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), "utf8").trim();
    return ADMIN_TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    return null;
  }
}

/** Creates the admin token once, readable by its owner only; an existing one is kept. */
export function ensureAdminToken(dataDir: string): void {
  if (readAdminToken(dataDir)) return;
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  writeFileAtomically(path, `${randomBytes(32).toString("hex")}\n`, 0o600);
  chmodSync(path, 0o600);
}

/**
 * For the server: waits (up to timeoutMs) while the merchant CLI holds the embedded database,
 * takes the lock, and publishes server.json and the admin token so the CLI can reach it.
 * The lock and server.json go away when the process exits.
 */
export async function claimDataDirForServer(
  dataDir: string,
  options: { port: number; timeoutMs?: number },
): Promise<DataDirLock> {
  const lock = await acquireDataDirLock(dataDir, {
    role: "server",
    timeoutMs: options.timeoutMs ?? 30_000,
    onWait: (holder) =>
      console.log(
        `Waiting for ${holder ? `process ${holder.pid} (${holder.role})` : "another process"} to release the embedded database in ${dataDir}…`,
      ),
  });
  try {
    ensureAdminToken(dataDir);
    const content = `${JSON.stringify({ pid: process.pid, port: options.port } satisfies ServerInfo)}\n`;
    const path = join(dataDir, SERVER_INFO_FILE);
    writeFileAtomically(path, content, 0o644);
    lock.removeOnRelease(path, content);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}
