import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../testing/free-port";
import { ensureBuild } from "../testing/nextBuild";
import { killGroup, spawnCollected, until, type WorkerProcess } from "../testing/workers";

/** What `npm start` runs (node, its flags, run.mjs start), without npm around it. */
const [, ...startArgs] = (
  JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }
).scripts.start.split(" ");

function start(env: Record<string, string>) {
  const clean = { ...process.env };
  for (const name of ["CHAINS", "DATABASE_URL", "DEMO_API_KEY", "PORT", "ANVIL_PORT"])
    delete clean[name];
  return spawnSync(process.execPath, startArgs, {
    env: { ...clean, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

const scratch = mkdtempSync(join(tmpdir(), "checkout-start-"));
const aFile = join(scratch, "not-a-directory");
writeFileSync(aFile, "a file\n");

describe("npm start with a wrong setting", () => {
  it.each([
    [{ PORT: "abc" }, "PORT must be a whole number from 1 to 65535"],
    [{ CHAINS: "base" }, "RPC_URL_8453 is required because CHAINS includes Base."],
    [{ CHAINS: "notachain" }, 'CHAINS includes "notachain"'],
    [{ DATABASE_URL: "mysql://db/x" }, "DATABASE_URL must be a postgres://"],
    [
      { DEMO_API_KEY: "sk_live_abcdefghijklmnopqrstuvwxyz" },
      "DEMO_API_KEY must start with sk_test_",
    ],
    [{ DATA_DIR: aFile }, `DATA_DIR (${aFile}) is a file, not a directory`],
    [{ DATA_DIR: join(aFile, "data") }, `DATA_DIR (${join(aFile, "data")}) cannot be created`],
    [
      { RPC_URL_8453: "https://base.example/rpc" },
      "RPC_URL_8453 is set but CHAINS does not list chain 8453; set CHAINS=base or remove RPC_URL_8453.",
    ],
  ])("%j stops before doing anything, with one sentence naming the variable", (env, sentence) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(sentence);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(result.stdout).not.toContain("Building");
  });
});

type Started = WorkerProcess;

/** `npm start` in its own process group, on the test chain, with its output collected. */
function startServer(env: Record<string, string>): Started {
  const clean: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of ["CHAINS", "DATABASE_URL", "DEMO_API_KEY"]) delete clean[name];
  return spawnCollected(process.execPath, startArgs, {
    ...clean,
    ANVIL_PORT: String(inject("anvilPort")),
    ...env,
  });
}

type Banner = { app: string; apiKey: string; pay: string; dashboard: string };

/** Waits for the ready banner and reads its lines. */
async function banner(started: Started): Promise<Banner> {
  const text = await until(
    "the ready banner",
    () => {
      if (started.child.exitCode !== null)
        throw new Error(`npm start exited:\n${started.output()}`);
      return started.output().includes("Press Ctrl+C to stop.") ? started.output() : undefined;
    },
    240_000,
  );
  const line = (label: string) => new RegExp(`^\\s*${label}\\s+(\\S+)`, "m").exec(text)?.[1];
  expect(text).toContain("Stablecoin checkout is ready.");
  return {
    app: line("App")!,
    apiKey: line("API key")!,
    pay: line("Pay")!,
    dashboard: line("Dashboard")!,
  };
}

async function stop(started: Started): Promise<void> {
  killGroup(started.child, "SIGTERM");
  const timer = setTimeout(() => killGroup(started.child, "SIGKILL"), 15_000);
  await started.exited;
  clearTimeout(timer);
}

// One data dir, booted twice: the second start must find what the first one kept. The embedded
// database is what a newcomer's npm start uses, so this runs on PGlite only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("npm start on the local chain", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-start-ready-"));
  let first: Banner;
  let base: string;
  let running: Started | undefined;

  beforeAll(async () => {
    ensureBuild();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = startServer({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base });
    first = await banner(running);
  }, 900_000);

  afterAll(async () => {
    if (running) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the app URL, the generated demo API key, a fresh invoice's checkout and the dashboard", async () => {
    expect(first.app).toBe(base);
    expect(first.dashboard).toBe(`${base}/dashboard`);
    // The key was generated on this first start and kept in the data dir, readable by its owner.
    expect(first.apiKey).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    expect(readFileSync(join(dataDir, "demo-api-key"), "utf8").trim()).toBe(first.apiKey);

    const invoiceId = new RegExp(`^${base}/pay/(inv_[0-9a-z]{26})$`).exec(first.pay)?.[1];
    expect(invoiceId, first.pay).toBeDefined();
    const invoice = await fetch(`${base}/api/v1/invoices/${invoiceId}`, {
      headers: { authorization: `Bearer ${first.apiKey}` },
    });
    expect(invoice.status).toBe(200);
    expect(await invoice.json()).toMatchObject({ status: "open", checkout_url: first.pay });
    const page = await fetch(first.pay);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("answers an unknown API path and an unsupported method with JSON errors, through Next's routing", async () => {
    const unknown = await fetch(`${base}/api/v1/invoicez`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-request-id")).toMatch(/^req_/);
    expect((await unknown.json()).error.code).toBe("route_not_found");

    const put = await fetch(`${base}/api/v1/invoices`, {
      method: "PUT",
      headers: { authorization: `Bearer ${first.apiKey}` },
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect((await put.json()).error.code).toBe("method_not_allowed");
  });

  it("a second start on the same data dir reuses the demo key, which keeps working", async () => {
    await stop(running!);
    running = undefined;
    const port = await freePort();
    const again = `http://127.0.0.1:${port}`;
    running = startServer({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: again });
    const second = await banner(running);
    expect(second.apiKey).toBe(first.apiKey);
    expect(second.app).toBe(again);
    expect(second.pay).not.toBe(first.pay);
    const invoices = await fetch(`${again}/api/v1/invoices?limit=100`, {
      headers: { authorization: `Bearer ${first.apiKey}` },
    });
    expect(invoices.status).toBe(200);
    // Both starts' demo invoices belong to the one Demo Store.
    const ids = ((await invoices.json()) as { data: { checkout_url: string }[] }).data.map(
      (invoice) => invoice.checkout_url.split("/pay/")[1],
    );
    expect(ids).toEqual(
      expect.arrayContaining([first.pay.split("/pay/")[1], second.pay.split("/pay/")[1]]),
    );
  }, 300_000);
});
