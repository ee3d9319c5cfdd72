/**
 * `npm start`: builds the app when the build is missing or stale, starts the production server
 * (which brings up the local chain and database, see lib/server/boot), waits until it answers,
 * then prints where to click.
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../config/config";
import { demoInvoiceBody } from "../../demo/demoInvoiceBody";
import { resolveDemoApiKey } from "../../demo/seed";
import { buildFingerprint, buildIsCurrent, FINGERPRINT_FILE } from "./buildFingerprint";

const root = process.cwd();
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function fail(message: string): never {
  console.error(`\nCannot start: ${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

// The demo key is settled before the build and the server, so both read the same one and a
// data directory that cannot be written stops the start before anything else happens.
let demoKey: string | null = null;
try {
  demoKey = config.localChain ? resolveDemoApiKey(config) : null;
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) throw error;
  // A file-system refusal (a read-only or foreign-owned directory): one sentence, no stack.
  fail(
    `DATA_DIR (${config.dataDir}) cannot be written (${code}); point DATA_DIR at a writable directory.`,
  );
}

if (!buildIsCurrent(root)) {
  console.log("Building the app (first start, or the sources changed)…");
  const fingerprint = buildFingerprint(root);
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) fail("the build failed; see the output above.");
  writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}

const server = spawn(process.execPath, [nextBin, "start", "--port", String(config.port)], {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const local = `http://127.0.0.1:${config.port}`;
await waitUntilHealthy(`${local}/api/health`);
if (demoKey) {
  const invoiceUrl = await createDemoInvoice(local, demoKey);
  console.log(`
  Stablecoin checkout is ready.

  App        ${config.publicUrl}
  API key    ${demoKey}   (Demo Store, test mode)
  Pay        ${invoiceUrl}
  Dashboard  ${config.publicUrl}/dashboard   (sign in with the Demo wallet)

  The local chain is at http://127.0.0.1:${config.localChain?.port} (chain id 31337); anvil's dev
  accounts 1 to 8 hold 10,000 test USDC, USDT and EURC each. Press Ctrl+C to stop.
`);
} else {
  console.log(
    `\n  Stablecoin checkout is ready at ${config.publicUrl} (dashboard: ${config.publicUrl}/dashboard)\n`,
  );
}

async function waitUntilHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill("SIGTERM");
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
