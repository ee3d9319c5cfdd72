import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFingerprint, buildIsCurrent, FINGERPRINT_FILE } from "../cli/buildFingerprint";
import { freePort } from "../testing/free-port";

export type BenchServer = {
  url: string;
  apiKey: string;
  /** The server's own local chain. */
  anvilRpcUrl: string;
  /** The server process, to read its CPU time. */
  pid: number;
  stop(): Promise<void>;
};

/** Builds the app if its build is stale, as `npm start` does. */
export function ensureBuild(root = process.cwd()): void {
  if (buildIsCurrent(root)) return;
  console.log("Building the production app…");
  const fingerprint = buildFingerprint(root);
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules/next/dist/bin/next"), "build"],
    {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}

/**
 * The production server on free ports with a fresh data dir and its own local chain, rate limits
 * off (a benchmark is one very busy client), optionally on PostgreSQL.
 */
export async function startBenchServer(
  options: { databaseUrl?: string; nodeArgs?: string[] } = {},
): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-bench-"));
  const [port, anvilPort] = [await freePort(), await freePort()];
  const apiKey = `sk_test_bench_${Date.now().toString(36)}_0000000000`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(process.cwd(), "node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(port),
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        ANVIL_PORT: String(anvilPort),
        DATA_DIR: dataDir,
        DEMO_API_KEY: apiKey,
        DATABASE_URL: options.databaseUrl ?? "",
        CHAINS: "",
        RATE_LIMIT_PER_KEY: "0",
        RATE_LIMIT_PER_ADDRESS: "0",
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server did not start within 2 minutes");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    apiKey,
    anvilRpcUrl: `http://127.0.0.1:${anvilPort}`,
    pid: child.pid!,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
