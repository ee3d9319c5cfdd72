import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";

export type StartAnvilParameters = {
  port: number;
  host?: string;
  chainId?: number;
  /** anvil's --state: loaded at start when it exists, written on exit and every stateInterval s. */
  statePath?: string;
  stateInterval?: number;
  /** Seconds between blocks; without it anvil mines one block per transaction. */
  blockTime?: number;
  /** Where anvil's own output goes; discarded when absent. */
  logPath?: string;
};

export type AnvilInstance = {
  rpcUrl: string;
  chainId: number;
  /** True when an anvil was already listening and is being reused rather than started. */
  reused: boolean;
  stop(): Promise<void>;
};

export class AnvilError extends Error {
  override name = "AnvilError";
}

const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "anvil-linux-amd64",
  "linux-arm64": "anvil-linux-arm64",
  "darwin-x64": "anvil-darwin-amd64",
  "darwin-arm64": "anvil-darwin-arm64",
  "win32-x64": "anvil-win32-amd64",
};

/** The anvil binary shipped by @foundry-rs/anvil's platform package (it needs no install script). */
export function anvilBinaryPath(): string {
  const name = process.platform === "win32" ? "anvil.exe" : "anvil";
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  const candidates = [
    pkg && join(process.cwd(), "node_modules", "@foundry-rs", pkg, "bin", name),
    pkg && join(process.cwd(), "node_modules", "@foundry-rs", "anvil", "dist", name),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new AnvilError(
      `anvil was not found for ${process.platform}-${process.arch}; run npm install (package @foundry-rs/anvil).`,
    );
  }
  return found;
}

/** The chain id an RPC endpoint answers with, or null when nothing answers there. */
export async function probeChainId(rpcUrl: string, timeoutMs = 1000): Promise<number | null> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: string };
    return typeof body.result === "string" ? Number.parseInt(body.result, 16) : null;
  } catch {
    return null;
  }
}

/**
 * Starts anvil on host:port, or reuses the anvil already listening there when its chain id is the
 * one asked for. Resolves once it answers JSON-RPC.
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<AnvilInstance> {
  const host = parameters.host ?? "127.0.0.1";
  const chainId = parameters.chainId ?? 31337;
  const rpcUrl = `http://${host}:${parameters.port}`;

  const running = await probeChainId(rpcUrl);
  if (running !== null) {
    if (running !== chainId) {
      throw new AnvilError(
        `Something at ${rpcUrl} answers with chain id ${running}, not the local chain's ${chainId}; stop it or choose another ANVIL_PORT.`,
      );
    }
    return { rpcUrl, chainId, reused: true, stop: async () => {} };
  }

  const args = ["--host", host, "--port", String(parameters.port), "--chain-id", String(chainId)];
  if (parameters.statePath) {
    mkdirSync(dirname(parameters.statePath), { recursive: true });
    args.push("--state", parameters.statePath);
    args.push("--state-interval", String(parameters.stateInterval ?? 5));
  }
  if (parameters.blockTime) args.push("--block-time", String(parameters.blockTime));

  let output: "ignore" | number = "ignore";
  if (parameters.logPath) {
    mkdirSync(dirname(parameters.logPath), { recursive: true });
    output = openSync(parameters.logPath, "a");
  }
  const child = spawn(anvilBinaryPath(), args, { stdio: ["ignore", output, output] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  // The chain belongs to this process: end it when the process ends, so anvil writes its state.
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new AnvilError(
        `anvil exited with code ${child.exitCode} before it answered on ${rpcUrl}${parameters.logPath ? `; see ${parameters.logPath}` : ""}.`,
      );
    }
    if ((await probeChainId(rpcUrl, 500)) === chainId) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new AnvilError(`anvil did not answer on ${rpcUrl} within 30 seconds.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    rpcUrl,
    chainId,
    reused: false,
    stop: () => stopChild(child, exited, stopOnExit),
  };
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  stopOnExit: () => void,
): Promise<void> {
  process.off("exit", stopOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
