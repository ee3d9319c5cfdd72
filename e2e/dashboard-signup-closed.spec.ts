import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { freePort } from "../lib/tooling/testing/free-port";
import { expectAccessible } from "./a11y";
import { csrfToken, signInByApi } from "./dashboard";
import { expect, test } from "./fixtures";
import { screenshot } from "./helpers";

/**
 * A deployment with SIGNUP=closed. The shared e2e server is the open local demo, so this spec
 * starts a second server from the same build, on its own ports, data dir and local chain.
 */

const SETTLEMENT = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

let server: ChildProcess | undefined;
let output = "";
let base = "";
let dataDir = "";

/** What `npm start` runs (node with its flags, then the start CLI), with this process's node. */
function startArgs(): string[] {
  const start: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const [node, ...args] = start.split(/\s+/);
  expect(node).toBe("node");
  return args;
}

function serverEnv(port: number, anvilPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    ANVIL_PORT: String(anvilPort),
    DATA_DIR: dataDir,
    PUBLIC_URL: base,
    SIGNUP: "closed",
    NEXT_TELEMETRY_DISABLED: "1",
    CHAINS: "",
    DATABASE_URL: "",
    DEMO_API_KEY: "",
  };
}

/** `npm run merchant -- <args>` against the closed server's data dir (it goes through the server). */
function merchantCli(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["lib/tooling/cli/run.mjs", "merchant", ...args], {
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test.describe("a deployment closed to sign-up", () => {
  test.describe.configure({ timeout: 300_000 });
  let env: NodeJS.ProcessEnv;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const [port, anvilPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), "checkout-e2e-closed-"));
    env = serverEnv(port, anvilPort);
    server = spawn(process.execPath, startArgs(), { env });
    server.stdout!.on("data", (chunk) => {
      output += chunk;
    });
    server.stderr!.on("data", (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 240_000;
    for (;;) {
      const healthy = await fetch(`${base}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the closed server did not start:\n${output.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("a new wallet is shown its address to be invited; once an owner adds it, it reaches the store", async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    const page = await context.newPage();
    const newcomer = privateKeyToAccount(generatePrivateKey());
    await signInByApi(page, newcomer, base);
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "No store for this wallet" })).toBeVisible();
    await expect(page.getByText("This deployment does not take new merchants")).toBeVisible();
    await expect(page.getByTestId("invite-address")).toHaveText(newcomer.address);
    await expect(page.getByLabel("Store name")).toHaveCount(0);
    await page.getByRole("button", { name: "Copy address" }).click();
    await expect(page.getByRole("button", { name: "Copied address" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(newcomer.address);
    await screenshot(page, "dashboard-signup-closed");
    await expectAccessible(page, "sign-up closed");

    // The form is gone, and so is the route behind it.
    const refused = await page.request.post("/api/dashboard/merchants", {
      headers: { origin: base, "x-csrf-token": await csrfToken(page) },
      data: { name: "Pop-up Shop" },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("signup_closed");

    await page.getByRole("button", { name: "Check again" }).click();
    await expect(page.getByText("Not added to a store yet.")).toBeVisible();

    // The operator creates a store with its owner wallet; the owner adds the newcomer.
    const owner = privateKeyToAccount(generatePrivateKey());
    const created = await merchantCli(
      ["create", "--name", "Harbour Books", "--address", SETTLEMENT, "--owner", owner.address],
      env,
    );
    expect(created.status, created.stderr).toBe(0);
    const ownerPage = await context.browser()!.newPage({ baseURL: base });
    await signInByApi(ownerPage, owner, base);
    await ownerPage.goto("/dashboard");
    await expect(ownerPage.getByTestId("merchant-name")).toHaveText("Harbour Books");
    const added = await ownerPage.request.post("/api/dashboard/members", {
      headers: { origin: base, "x-csrf-token": await csrfToken(ownerPage) },
      data: { address: newcomer.address, role: "member" },
    });
    expect(added.status(), await added.text()).toBe(201);
    await ownerPage.close();

    await page.getByRole("button", { name: "Check again" }).click();
    await expect(page.getByTestId("merchant-name")).toHaveText("Harbour Books");
    await context.close();
  });
});
