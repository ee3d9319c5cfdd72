import { type ChildProcess, spawn } from "node:child_process";
import { inject } from "vitest";

export type WorkerProcess = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

/** A command in its own process group (so kill -9 takes its children too), its output collected. */
export function spawnCollected(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): WorkerProcess {
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

/** `npm run worker` (npm, tsx and node in one process group), on the test chain. */
export function startWorker(dataDir: string, env: Record<string, string>): WorkerProcess {
  return spawnCollected("npm", ["run", "--silent", "worker"], {
    ...process.env,
    ANVIL_PORT: String(inject("anvilPort")),
    DATA_DIR: dataDir,
    CHAINS: "",
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Polls `check` until it returns something other than undefined. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
