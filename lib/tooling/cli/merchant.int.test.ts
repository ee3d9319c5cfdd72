import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authenticateApiKey } from "../../api/keys";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import {
  LOCK_FILE,
  readAdminToken,
  readLockHolder,
  readServerInfo,
  SERVER_INFO_FILE,
  tryAcquireDataDirLock,
} from "../../db/dataDirLock";
import { merchantMembers, merchants } from "../../db/schema";
import { DomainError } from "../../errors";
import { freePort } from "../testing/free-port";
import { ensureBuild, nextBin } from "../testing/nextBuild";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const OTHER_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** The environment of a shell on this machine: no production chains, no PostgreSQL. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of ["CHAINS", "DATABASE_URL", "DEMO_API_KEY", "PORT", "PUBLIC_URL"]) {
    delete env[name];
  }
  return { ...env, ANVIL_PORT: String(inject("anvilPort")), ...extra };
}

type CliResult = { status: number | null; stdout: string; stderr: string };

/** Runs `npm run merchant -- <args>` as a separate process, as a merchant would. */
function merchantCli(
  args: string[],
  env: Record<string, string>,
  onStderr?: (stderrSoFar: string) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // What the "merchant" script runs: the compiled CLI (see run.mjs).
    const child = spawn(process.execPath, ["lib/tooling/cli/run.mjs", "merchant", ...args], {
      env: baseEnv(env),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The value of a `field  value` line, as `awk '$1 == name { print $2 }'` finds it. */
function field(stdout: string, name: string): string {
  const line = stdout.split("\n").find((candidate) => candidate.split(/\s+/)[0] === name);
  if (!line) throw new Error(`no ${name} line in:\n${stdout}`);
  return line.slice(name.length).trim();
}

function expectOk(result: CliResult): CliResult {
  if (result.status !== 0) {
    throw new Error(`the CLI exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

async function authenticates(db: DatabaseHandle["db"], key: string): Promise<boolean> {
  try {
    await authenticateApiKey(
      db,
      new Request("http://checkout.test/", { headers: { authorization: `Bearer ${key}` } }),
    );
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === "api_key_invalid") return false;
    throw error;
  }
}

/** Opens DATA_DIR's embedded database the way the CLI does: under the data dir lock. */
async function withEmbeddedDatabase<T>(
  dataDir: string,
  run: (db: DatabaseHandle["db"]) => Promise<T>,
): Promise<T> {
  const attempt = tryAcquireDataDirLock(dataDir, "cli");
  if (!attempt.acquired) throw new Error("the data dir is still locked");
  try {
    const handle = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") });
    try {
      return await run(handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    attempt.lock.release();
  }
}

describe.skipIf(onPostgres)("the merchant CLI on the embedded database, no server running", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-cli-"));
  const env = { DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let merchantId: string;
  let testKey: string;
  let liveKey: string;
  let liveKeyId: string;

  it("creates a merchant and prints its id and a test key", async () => {
    const result = expectOk(
      await merchantCli(
        ["create", "--name", "Corner Shop", "--address", ADDRESS.toLowerCase()],
        env,
      ),
    );
    merchantId = field(result.stdout, "merchant_id");
    testKey = field(result.stdout, "api_key");
    expect(merchantId).toMatch(/^mer_[0-9a-z]{26}$/);
    expect(testKey).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    expect(field(result.stdout, "name")).toBe("Corner Shop");
    expect(field(result.stdout, "settlement_address")).toBe(ADDRESS);
    expect(result.stderr).toContain("shown only this once");
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it("creates a merchant with its owner wallet, checksummed; a bad owner creates nothing", async () => {
    const result = expectOk(
      await merchantCli(
        [
          "create",
          "--name",
          "Owned Shop",
          "--address",
          ADDRESS,
          "--owner",
          OTHER_ADDRESS.toLowerCase(),
          "--json",
        ],
        env,
      ),
    );
    const created = JSON.parse(result.stdout);
    expect(created.owner).toBe(OTHER_ADDRESS);
    const refused = await merchantCli(
      ["create", "--name", "Typo Shop", "--address", ADDRESS, "--owner", "0x70997970c51812dc3a"],
      env,
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^Invalid owner: expected a wallet address/);
    await withEmbeddedDatabase(dataDir, async (db) => {
      const members = await db
        .select()
        .from(merchantMembers)
        .where(eq(merchantMembers.merchantId, created.merchant.id));
      expect(members.map((row) => [row.address, row.role])).toEqual([[OTHER_ADDRESS, "owner"]]);
      const names = (await db.select({ name: merchants.name }).from(merchants)).map((m) => m.name);
      expect(names).not.toContain("Typo Shop");
    });
  });

  it("lists the merchant's keys without printing any key", async () => {
    const result = expectOk(await merchantCli(["key", "list", "--merchant", merchantId], env));
    const rows = result.stdout.trim().split("\n").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split(/\s+/).slice(1, 3)).toEqual(["test", "active"]);
    expect(rows[0]).toContain(`${testKey.slice(0, 12)}…`);
    expect(result.stdout + result.stderr).not.toContain(testKey);
  });

  it("creates a live key, as JSON", async () => {
    const result = expectOk(
      await merchantCli(
        [
          "key",
          "create",
          "--merchant",
          merchantId,
          "--mode",
          "live",
          "--label",
          "web shop",
          "--json",
        ],
        env,
      ),
    );
    const created = JSON.parse(result.stdout);
    expect(created.key).toMatchObject({ mode: "live", label: "web shop", revoked_at: null });
    liveKey = created.api_key;
    liveKeyId = created.key.id;
    expect(liveKey).toMatch(/^sk_live_[A-Za-z0-9]{32}$/);
  });

  it("revokes the live key: it no longer authenticates, the test key still does", async () => {
    const result = expectOk(
      await merchantCli(["key", "revoke", "--merchant", merchantId, "--key", liveKeyId], env),
    );
    expect(field(result.stdout, "status")).toBe("revoked");
    await withEmbeddedDatabase(dataDir, async (db) => {
      expect(await authenticates(db, liveKey)).toBe(false);
      expect(await authenticates(db, testKey)).toBe(true);
    });
    const listed = expectOk(
      await merchantCli(["key", "list", "--merchant", merchantId, "--json"], env),
    );
    expect(
      JSON.parse(listed.stdout).data.map((key: { mode: string; revoked_at: string | null }) => [
        key.mode,
        key.revoked_at === null,
      ]),
    ).toEqual([
      ["test", true],
      ["live", false],
    ]);
  });

  it("answers a wrong command line with one sentence and exit code 2", async () => {
    const result = await merchantCli(["create", "--name", "No address"], env);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("Missing --address");
  });

  it("answers what the lib refuses with its message and exit code 1", async () => {
    const badAddress = await merchantCli(["create", "--name", "Shop", "--address", "0x12"], env);
    expect(badAddress.status).toBe(1);
    expect(badAddress.stderr.trim()).toMatch(
      /^Invalid settlement_address: expected an EVM address/,
    );

    const other = expectOk(
      await merchantCli(["create", "--name", "Other", "--address", OTHER_ADDRESS], env),
    );
    const otherMerchant = field(other.stdout, "merchant_id");
    const listed = JSON.parse(
      expectOk(await merchantCli(["key", "list", "--merchant", merchantId, "--json"], env)).stdout,
    );
    // Another merchant's key is as good as absent.
    const stranger = await merchantCli(
      ["key", "revoke", "--merchant", otherMerchant, "--key", listed.data[0].id],
      env,
    );
    expect(stranger.status).toBe(1);
    expect(stranger.stderr.trim()).toBe("No such API key for this merchant.");
    await withEmbeddedDatabase(dataDir, async (db) => {
      expect(await authenticates(db, testKey)).toBe(true);
    });

    const unknown = await merchantCli(["show", "mer_unknown"], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe("No such merchant.");
  });

  it("waits for another CLI that holds the database, then runs", async () => {
    const held = tryAcquireDataDirLock(dataDir, "cli");
    if (!held.acquired) throw new Error("expected the lock");
    const waiting = `Waiting for process ${process.pid}`;
    // Released only once the CLI says it waits: it must not have run meanwhile.
    const result = expectOk(
      await merchantCli(["list"], env, (stderr) => {
        if (stderr.includes(waiting)) held.lock.release();
      }),
    );
    held.lock.release();
    expect(result.stderr).toContain(waiting);
    expect(result.stdout).toContain("Corner Shop");
  });
});

async function waitFor<T>(what: string, check: () => Promise<T | null> | T | null, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(onPostgres)("the merchant CLI while the server runs on the same data dir", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-cli-server-"));
  const env = { DATA_DIR: dataDir };
  let server: ChildProcess | undefined;
  let serverExit: Promise<void> | undefined;
  let serverOutput = "";
  let base: string;

  beforeAll(async () => {
    ensureBuild();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;

    // A CLI holds the embedded database while the server starts: the server must wait for it.
    const held = tryAcquireDataDirLock(dataDir, "cli");
    if (!held.acquired) throw new Error("expected the lock");
    server = spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
      env: baseEnv({ DATA_DIR: dataDir, PUBLIC_URL: base }),
    });
    serverExit = new Promise((resolve) => server!.on("exit", () => resolve()));
    server.stdout!.on("data", (chunk) => {
      serverOutput += chunk;
    });
    server.stderr!.on("data", (chunk) => {
      serverOutput += chunk;
    });
    try {
      await waitFor(
        "the server to wait for the CLI's lock",
        () => (serverOutput.includes(`Waiting for process ${process.pid} (cli)`) ? true : null),
        120_000,
      );
    } finally {
      held.lock.release();
    }
    await waitFor(
      "the server to answer",
      async () => {
        const response = await fetch(`${base}/api/health`).catch(() => null);
        return response && (response.status === 200 || response.status === 503) ? true : null;
      },
      120_000,
    );
  }, 900_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGKILL");
      await serverExit;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const createInvoice = (apiKey: string) =>
    fetch(`${base}/api/v1/invoices`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: "3.00", currency: "USD" }),
    });

  let merchantId: string;
  let apiKey: string;

  it("the server holds the data dir and says where it listens", () => {
    expect(readLockHolder(dataDir)).toMatchObject({ pid: server!.pid, role: "server" });
    expect(readServerInfo(dataDir)).toEqual({ pid: server!.pid, port: Number(new URL(base).port) });
    expect(readAdminToken(dataDir)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("creates a merchant through the server, whose key then creates invoices there", async () => {
    const result = expectOk(
      await merchantCli(["create", "--name", "Served Shop", "--address", OTHER_ADDRESS], env),
    );
    merchantId = field(result.stdout, "merchant_id");
    apiKey = field(result.stdout, "api_key");

    const response = await createInvoice(apiKey);
    const invoice = await response.json();
    expect(response.status, `${JSON.stringify(invoice)}\n${serverOutput}`).toBe(201);
    expect(invoice.livemode).toBe(false);
    expect(invoice.payment_options.length).toBeGreaterThan(0);
    for (const option of invoice.payment_options) expect(option.recipient).toBe(OTHER_ADDRESS);
  });

  it("lists the key with its last use, and revokes it so the server refuses it", async () => {
    const listed = JSON.parse(
      expectOk(await merchantCli(["key", "list", "--merchant", merchantId, "--json"], env)).stdout,
    );
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0].last_used_at).not.toBeNull();

    expectOk(
      await merchantCli(
        ["key", "revoke", "--merchant", merchantId, "--key", listed.data[0].id],
        env,
      ),
    );
    const refused = await createInvoice(apiKey);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("api_key_invalid");
  });

  it("passes lib errors through with exit code 1", async () => {
    const result = await merchantCli(
      ["key", "create", "--merchant", "mer_unknown", "--mode", "live"],
      env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("No such merchant.");
  });

  it("the admin endpoint refuses a missing or wrong token", async () => {
    const post = (authorization?: string) =>
      fetch(`${base}/api/internal/admin`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ command: "merchant.list" }),
      });
    const token = readAdminToken(dataDir)!;
    const wrong = await post(`Bearer ${randomBytes(32).toString("hex")}`);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("api_key_invalid");
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${token.slice(0, -1)}`)).status).toBe(401);

    const right = await post(`Bearer ${token}`);
    expect(right.status).toBe(200);
    const names = (await right.json()).data.map((merchant: { name: string }) => merchant.name);
    expect(names).toEqual(expect.arrayContaining(["Demo Store", "Served Shop"]));
  });

  it("the admin endpoint does not exist without a token file", async () => {
    const path = join(dataDir, "admin-token");
    const token = readFileSync(path, "utf8").trim();
    unlinkSync(path);
    try {
      const response = await fetch(`${base}/api/internal/admin`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ command: "merchant.list" }),
      });
      expect(response.status).toBe(404);
    } finally {
      writeFileSync(path, `${token}\n`, { mode: 0o600 });
    }
  });

  it("the stopped server leaves the data dir free, and the CLI then opens it itself", async () => {
    server!.kill("SIGTERM");
    await serverExit;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dataDir, SERVER_INFO_FILE))).toBe(false);

    const result = expectOk(await merchantCli(["list"], env));
    expect(result.stdout).toContain("Served Shop");
  });
});

describe.runIf(onPostgres)("the merchant CLI with DATABASE_URL", () => {
  const serverUrl = process.env.TEST_DATABASE_URL ?? "";
  const name = `checkout_cli_${randomBytes(6).toString("hex")}`;
  const dataDir = mkdtempSync(join(tmpdir(), "checkout-cli-pg-"));
  let databaseUrl: string;
  let handle: DatabaseHandle | undefined;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  });

  afterAll(async () => {
    await handle?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("manages merchants and keys on PostgreSQL directly", async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    const created = expectOk(
      await merchantCli(["create", "--name", "Postgres Shop", "--address", ADDRESS, "--live"], env),
    );
    const merchantId = field(created.stdout, "merchant_id");
    const liveKey = field(created.stdout, "api_key");
    expect(liveKey).toMatch(/^sk_live_/);
    const second = JSON.parse(
      expectOk(await merchantCli(["key", "create", "--merchant", merchantId, "--json"], env))
        .stdout,
    );
    expectOk(
      await merchantCli(["key", "revoke", "--merchant", merchantId, "--key", second.key.id], env),
    );

    handle = await openDatabase({ kind: "postgres", url: databaseUrl, maxConnections: 2 });
    expect(await authenticates(handle.db, liveKey)).toBe(true);
    expect(await authenticates(handle.db, second.api_key)).toBe(false);
    // PostgreSQL only: the embedded database was never opened, nor its lock taken.
    expect(existsSync(join(dataDir, "pglite"))).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const shown = JSON.parse(
      expectOk(await merchantCli(["show", merchantId, "--json"], env)).stdout,
    );
    expect(shown.merchant.name).toBe("Postgres Shop");
    expect(shown.keys.map((key: { mode: string }) => key.mode)).toEqual(["live", "test"]);
  });
});
