/**
 * `npm start`: builds the app when the build is missing or stale, runs the production server in
 * this process (the server brings up the local chain and database on its first request, see
 * lib/server/boot), waits until it answers, then prints where to click.
 *
 * It runs compiled (run.mjs) and starts Next.js as `next start` does, in this process: serving
 * takes one node process, with no TypeScript loader and no second server process. The node flags
 * of package.json's "start" keep it small (bench:memory): PGlite's WebAssembly stays on V8's
 * baseline compiler (tiering it up held some 110 MB of compiler memory), and --optimize-for-size
 * keeps V8's heap near what is live, for some 40% of the server's throughput.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { demoInvoiceBody } from "../../demo/demoInvoiceBody";
import { buildFingerprint, buildIsCurrent, FINGERPRINT_FILE } from "./buildFingerprint";
import type { Preflight } from "./startPreflight";

const root = process.cwd();
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
process.env.NEXT_TELEMETRY_DISABLED = "1";

function fail(message: string): never {
  console.error(`\nCannot start: ${message}\n`);
  process.exit(1);
}

const settings = await preflight();
if (!settings.ok) fail(settings.message);

if (!buildIsCurrent(root)) {
  console.log("Building the app (first start, or the sources changed)…");
  const fingerprint = buildFingerprint(root);
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) fail("the build failed; see the output above.");
  writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}

await startNextServer(settings.port);

const local = `http://127.0.0.1:${settings.port}`;
await waitUntilHealthy(`${local}/api/health`);
const { publicUrl, demoKey } = settings;
if (demoKey) {
  const invoiceUrl = await createDemoInvoice(local, demoKey);
  console.log(`
  Stablecoin checkout is ready.

  App        ${publicUrl}
  API key    ${demoKey}   (Demo Store, test mode)
  Pay        ${invoiceUrl}
  Dashboard  ${publicUrl}/dashboard   (sign in with the Demo wallet)

  The local chain is at http://127.0.0.1:${settings.localChainPort} (chain id 31337); anvil's dev
  accounts 1 to 8 hold 10,000 test USDC, USDT and EURC each (account 12 the same, and no
  ETH: it pays gasless). Press Ctrl+C to stop.
`);
} else {
  console.log(
    `\n  Stablecoin checkout is ready at ${publicUrl} (dashboard: ${publicUrl}/dashboard)\n`,
  );
}

/** The configuration and the demo key, read in a worker thread (see startPreflight.ts). */
function preflight(): Promise<Preflight> {
  // Compiled, the worker's bundle lies beside this one; from source (tsx), its source does.
  const file = import.meta.url.endsWith(".ts") ? "./startPreflight.ts" : "./startPreflight.mjs";
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(file, import.meta.url));
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the settings check ended with code ${code}`)));
  });
}

/**
 * What `next start --port <port>` does, in this process: the environment its CLI sets, then
 * Next's own server (which stops cleanly on SIGINT and SIGTERM). The configuration is the one
 * the build recorded, read as Next's standalone server.js reads it, so that next.config.ts is not
 * compiled again at every start.
 */
async function startNextServer(port: number): Promise<void> {
  Object.assign(process.env, {
    NODE_ENV: process.env.NODE_ENV || "production",
    NEXT_RUNTIME: "nodejs",
    NEXT_PRIVATE_START_TIME: String(Date.now()),
  });
  const manifest = join(root, ".next", "required-server-files.json");
  if (existsSync(manifest) && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) {
    const { config } = JSON.parse(readFileSync(manifest, "utf8")) as { config: unknown };
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  }
  const { startServer } = await import("next/dist/server/lib/start-server.js");
  await startServer({ dir: root, isDev: false, port, allowRetry: false });
}

async function waitUntilHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`the server did not answer on ${url} within 3 minutes.`);
}

async function createDemoInvoice(base: string, key: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/invoices`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(demoInvoiceBody()),
  });
  const body = (await response.json()) as { checkout_url?: string; error?: { message: string } };
  if (!response.ok || !body.checkout_url) {
    return `(could not create a demo invoice: ${body.error?.message ?? response.status})`;
  }
  return body.checkout_url;
}
