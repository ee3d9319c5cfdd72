/**
 * `npm run bench:memory`: what `npm start` costs to keep running. Starts it as a newcomer does
 * (PGlite in a fresh DATA_DIR, its own local chain on a free ANVIL_PORT, a free PORT), times it
 * from the command to the ready banner with a build present, creates 1,000 invoices through the
 * API, pays 100 of them by real transfers from anvil's dev accounts 1..8, waits until they are
 * paid, then reads the RSS of every process `npm start` left running (its process tree in /proc),
 * and stops them with SIGTERM to their process group (as Ctrl+C signals a terminal's group).
 *
 * Target: all of them together under 550 MB. Exits 1 when it is missed, or when a process
 * outlives the stop.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { anvil } from "viem/chains";
import { devAccount } from "../../chains/devAccounts";
import { freePort } from "../testing/free-port";
import { ensureBuild } from "./server";

const INVOICES = Number(process.env.BENCH_INVOICES ?? 1000);
const PAID = Number(process.env.BENCH_PAID ?? 100);
const TARGET_MB = Number(process.env.BENCH_MEMORY_TARGET_MB ?? 550);
/** How long the server may idle after the last payment before RSS is read (timers, GC settle). */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5_000);

type Option = {
  chain_id: number;
  token: { symbol: string };
  transaction: { to: Address; data: Hex };
};
type Invoice = { id: string; status: string; payment_options: Option[] };

type ProcessInfo = { pid: number; ppid: number; name: string; rssKb: number; cpuSeconds: number };

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

function readProcess(pid: number): ProcessInfo | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => new RegExp(`^${name}:\\s+(.+)$`, "m").exec(status)?.[1];
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    // utime and stime, the 14th and 15th fields, counted after the parenthesised name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [utime, stime] = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .slice(11, 13);
    return {
      pid,
      ppid: Number(field("PPid")),
      name: label(field("Name") ?? "?", argv),
      rssKb: Number.parseInt(field("VmRSS") ?? "0", 10),
      cpuSeconds: (Number(utime) + Number(stime)) / TICKS_PER_SECOND,
    };
  } catch {
    return null; // gone meanwhile, or a kernel thread
  }
}

/** What the process is, in a few words: its name and the script or binary it runs. */
function label(name: string, argv: string[]): string {
  const short = (arg: string) =>
    arg.replace(`${process.cwd()}/`, "").replace(/^.*node_modules\//, "");
  const shown = argv.slice(0, 4).map(short).join(" ");
  return `${name.padEnd(16)} ${shown.length > 90 ? `${shown.slice(0, 89)}…` : shown}`;
}

/** Every live process under `root`, itself included, parents before children. */
function processTree(root: number): ProcessInfo[] {
  const all = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcess(Number(entry)))
    .filter((info): info is ProcessInfo => info !== null);
  const tree: ProcessInfo[] = [];
  const visit = (pid: number, depth: number) => {
    const info = all.find((candidate) => candidate.pid === pid);
    if (!info) return;
    tree.push({ ...info, name: `${"  ".repeat(depth)}${info.name}` });
    for (const child of all.filter((candidate) => candidate.ppid === pid)) {
      visit(child.pid, depth + 1);
    }
  };
  visit(root, 0);
  return tree;
}

type Started = { child: ChildProcess; output: () => string; exited: Promise<unknown> };

function startNpm(env: NodeJS.ProcessEnv): Started {
  // Its own process group, so the stop below reaches everything it started.
  const child = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 600_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `task` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

async function main(): Promise<number> {
  ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-bench-memory-"));
  const [port, anvilPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    ANVIL_PORT: String(anvilPort),
    DATA_DIR: dataDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The embedded defaults, whatever this shell exports; rate limits off (one very busy client).
    CHAINS: "",
    DATABASE_URL: "",
    RATE_LIMIT_PER_KEY: "0",
    RATE_LIMIT_PER_ADDRESS: "0",
  };
  // The key npm start generates and prints, as a newcomer gets it.
  delete env.DEMO_API_KEY;

  const startedAt = performance.now();
  const npm = startNpm(env);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-npm.child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-npm.child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 20_000);
    await npm.exited;
    clearTimeout(timer);
  };
  try {
    const banner = await waitFor("the ready banner", () => {
      if (npm.child.exitCode !== null) throw new Error(`npm start exited:\n${npm.output()}`);
      return npm.output().includes("Press Ctrl+C to stop.") ? npm.output() : undefined;
    });
    const readyMs = performance.now() - startedAt;
    if (banner.includes("Building the app")) {
      console.warn(
        "npm start built the app (the sources changed meanwhile): time to ready includes the build.",
      );
    }
    const apiKey = /^\s*API key\s+(\S+)/m.exec(banner)?.[1];
    if (!apiKey) throw new Error(`no API key in the banner:\n${banner}`);
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    console.log(`npm start: ready in ${(readyMs / 1000).toFixed(1)} s (build present)`);
    console.log("\nRight after the ready banner:");
    const atReady = report(npm.child.pid!);

    const cpuTime = () =>
      processTree(npm.child.pid!).reduce((sum, info) => sum + info.cpuSeconds, 0);
    const cpuBefore = cpuTime();
    const createdAt = performance.now();
    const invoices = await pool(
      Array.from({ length: INVOICES }, (_, index) => index),
      8,
      async (index) => {
        const cents = 100 + (index % 5000);
        const response = await fetch(`${base}/api/v1/invoices`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
            currency: "USD",
            order_id: `bench-${index}`,
          }),
        });
        if (response.status !== 201 && response.status !== 200) {
          throw new Error(
            `POST /api/v1/invoices answered ${response.status}: ${await response.text()}`,
          );
        }
        return (await response.json()) as Invoice;
      },
    );
    console.log(
      `\nCreated ${invoices.length} invoices in ${((performance.now() - createdAt) / 1000).toFixed(1)} s, ${(cpuTime() - cpuBefore).toFixed(1)} s of CPU in the processes of npm start`,
    );

    const rpcUrl = `http://127.0.0.1:${anvilPort}`;
    const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
    const wallets = [1, 2, 3, 4, 5, 6, 7, 8].map((index) =>
      createWalletClient({ account: devAccount(index), chain, transport: http(rpcUrl) }),
    );
    const nonces = await Promise.all(
      wallets.map((wallet) =>
        publicClient.getTransactionCount({ address: wallet.account.address, blockTag: "pending" }),
      ),
    );
    const toPay = invoices.slice(0, PAID);
    const paidAt = performance.now();
    const hashes = await pool(
      toPay.map((invoice, index) => ({ invoice, index })),
      8,
      async ({ invoice, index }) => {
        const option =
          invoice.payment_options.find(
            (candidate) => candidate.chain_id === anvil.id && candidate.token.symbol === "USDC",
          ) ?? invoice.payment_options[0];
        if (!option) throw new Error(`invoice ${invoice.id} has no payment option`);
        const sender = index % wallets.length;
        const nonce = nonces[sender]!;
        nonces[sender] = nonce + 1;
        return wallets[sender]!.sendTransaction({
          to: option.transaction.to,
          data: option.transaction.data,
          nonce,
          gas: 120_000n,
        });
      },
    );
    await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })));
    let open = toPay.map((invoice) => invoice.id);
    await waitFor(`${PAID} invoices paid`, async () => {
      const states = await pool(open, 8, async (id) => {
        const response = await fetch(`${base}/api/v1/invoices/${id}`, { headers });
        return { id, status: ((await response.json()) as Invoice).status };
      });
      open = states.filter((state) => state.status !== "paid").map((state) => state.id);
      if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 400));
      return open.length === 0 ? true : undefined;
    });
    console.log(
      `Paid ${PAID} of them by transfer; all paid ${((performance.now() - paidAt) / 1000).toFixed(1)} s after the first was sent`,
    );

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    console.log(`\nAfter ${INVOICES} invoices and ${PAID} payments:`);
    const totalKb = report(npm.child.pid!);
    const totalMb = totalKb / 1024;
    console.log(
      `\nTotal ${totalMb.toFixed(0)} MB (${(atReady / 1024).toFixed(0)} MB at ready); target under ${TARGET_MB} MB: ${totalMb < TARGET_MB ? "met" : "MISSED"}`,
    );

    // npm itself exits at once: wait for every process it had started.
    const pids = processTree(npm.child.pid!).map((info) => info.pid);
    const stopAt = performance.now();
    await stop();
    const alive = () => pids.filter((pid) => readProcess(pid) !== null);
    await waitFor(
      "every process to stop",
      () => (alive().length === 0 ? true : undefined),
      20_000,
    ).catch(() => undefined);
    const left = alive();
    console.log(
      `SIGTERM stopped them all in ${((performance.now() - stopAt) / 1000).toFixed(1)} s${left.length ? `; still running: ${left.join(", ")}` : ""}`,
    );
    if (left.length > 0) return 1;
    return totalMb < TARGET_MB ? 0 : 1;
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Prints the process tree under `root` with each RSS; returns the total in KiB. */
function report(root: number): number {
  const tree = processTree(root);
  for (const info of tree) {
    console.log(
      `  ${String(info.pid).padStart(7)}  ${`${(info.rssKb / 1024).toFixed(0)} MB`.padStart(7)}  ${info.name}`,
    );
  }
  const total = tree.reduce((sum, info) => sum + info.rssKb, 0);
  console.log(`  ${tree.length} processes, ${(total / 1024).toFixed(0)} MB`);
  return total;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
