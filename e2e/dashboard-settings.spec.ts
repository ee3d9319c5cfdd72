import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { APIRequestContext, Browser, Locator, Page } from "@playwright/test";
import {
  type Address,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type LocalAccount,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { ApiInvoice } from "../lib/invoices/present";
import { expectAccessible } from "./a11y";
import { csrfToken, signInByApi } from "./dashboard";
import { BASE_URL, LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import { checkoutPath, devAccount, publicClient, rpcUrl, screenshot } from "./helpers";
import { installTestWallet } from "./wallet";

const CHAIN_TIMEOUT = { timeout: 30_000 };
const SECTION_SHOTS = join("e2e", "artifacts", "screenshots");
const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0f766e"/><path d="M8 22h16M10 10h12v9H10z" stroke="#fff" stroke-width="2" fill="none"/></svg>';
const LOGO_URI = `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString("base64")}`;

/** A PNG of random pixels: large, as it does not compress. */
function noisyPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.concat([Buffer.alloc(1), randomBytes(width * 3)])),
  );
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A wallet signed in with a store of its own (created through the onboarding form). */
async function freshStore(page: Page, name: string): Promise<{ owner: LocalAccount; id: string }> {
  const owner = privateKeyToAccount(generatePrivateKey());
  await signInByApi(page, owner);
  await page.goto("/dashboard");
  await page.getByLabel("Store name").fill(name);
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page.getByTestId("merchant-name")).toHaveText(name);
  const response = await page.request.get("/api/dashboard/settings");
  expect(response.status()).toBe(200);
  const { merchant } = (await response.json()) as { merchant: { id: string } };
  return { owner, id: merchant.id };
}

/** A test API key for the store, made with the merchant CLI (the dashboard's key UI is elsewhere). */
function apiKeyFor(merchantId: string): string {
  const result = spawnSync(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server",
      "lib/tooling/cli/merchant.ts",
      "key",
      "create",
      "--merchant",
      merchantId,
      "--json",
    ],
    { env: { ...process.env, DATA_DIR: process.env.CHECKOUT_E2E_RUN_DATA_DIR }, encoding: "utf8" },
  );
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { api_key: string }).api_key;
}

async function createInvoiceWith(
  request: APIRequestContext,
  apiKey: string,
  body: Record<string, unknown>,
): Promise<ApiInvoice> {
  const response = await request.post("/api/v1/invoices", {
    headers: { authorization: `Bearer ${apiKey}` },
    data: body,
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as ApiInvoice;
}

async function invoiceStatus(request: APIRequestContext, apiKey: string, id: string) {
  const response = await request.get(`/api/v1/invoices/${id}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return ((await response.json()) as ApiInvoice).status;
}

/** Pays `amount` base units of the invoice's USDC option from dev account 5, and reports it. */
async function payShort(request: APIRequestContext, invoice: ApiInvoice, amount: bigint) {
  const option = invoice.payment_options.find((candidate) => candidate.token.symbol === "USDC")!;
  const payer = createWalletClient({ account: devAccount(5), chain, transport: http(rpcUrl) });
  const data = `${encodeFunctionData({
    abi: erc20Abi,
    functionName: "transfer",
    args: [option.recipient as Address, amount],
  })}${option.reference.slice(2)}` as Hex;
  const hash = await payer.sendTransaction({ to: option.token.address as Address, data });
  await publicClient.waitForTransactionReceipt({ hash });
  const posted = await request.post(`/api/checkout/${invoice.id}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: hash },
  });
  expect(posted.ok(), await posted.text()).toBe(true);
}

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `${name}-${scheme}`);
    await expectAccessible(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("an owner changes the store's settings; new invoices and the checkout follow them", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const store = await freshStore(page, "Settings Test Shop");
  const apiKey = apiKeyFor(store.id);
  // Created before the change: it keeps the tolerance it was created with (none).
  const before = await createInvoiceWith(request, apiKey, { amount: "10.00", currency: "USD" });
  expect(Date.parse(before.expires_at) - Date.parse(before.created_at)).toBe(1800_000);

  await page.goto("/dashboard/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const form = page.getByRole("form", { name: "Store settings" });
  await expect(form.getByLabel("Store name")).toHaveValue("Settings Test Shop");
  await expect(form.getByLabel("Underpayment tolerance")).toHaveValue("0");
  await expect(form.getByLabel("Default expiry for new invoices")).toHaveValue("");
  await shoot(page, "settings-01-new-store");

  // An SVG past the size limit is refused before anything is sent.
  await form.getByLabel("Upload image").setInputFiles({
    name: "huge.svg",
    mimeType: "image/svg+xml",
    buffer: Buffer.from(`${LOGO_SVG}<!--${"x".repeat(60_000)}-->`),
  });
  await expect(form.getByText("This SVG is larger than 40 KB")).toBeVisible();
  await form.getByLabel("Upload image").setInputFiles({
    name: "logo.svg",
    mimeType: "image/svg+xml",
    buffer: Buffer.from(LOGO_SVG),
  });
  await expect(form.getByAltText("Logo preview")).toHaveAttribute("src", LOGO_URI);

  // The signed-in wallet's own address needs no confirmation (another one: the test below).
  const override = store.owner.address;
  await form.getByLabel("Store name").fill("Harbor Books");
  await form.getByLabel(/^Local chain/).fill(override);
  await form.getByLabel(/Every token on every chain/).uncheck();
  await form.getByLabel("USDT on Local chain").uncheck();
  await form.getByRole("button", { name: "Add origin" }).click();
  await form.getByLabel("Allowed origin 1", { exact: true }).fill("https://harbor.example");
  await form.getByLabel("Default expiry for new invoices").fill("2");
  await form.getByLabel("Unit of the default expiry").selectOption("hours");
  // Over 5%: the server names the field, and nothing at all is saved.
  await form.getByLabel("Underpayment tolerance").fill("7");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("alert")).toHaveText(
    "Not saved. Underpayment tolerance: Must be at most 5% (500 basis points).",
  );
  await expect(form.getByLabel("Underpayment tolerance")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Underpayment tolerance")).toBeFocused();
  const unsaved = await (await page.request.get("/api/dashboard/settings")).json();
  expect(unsaved.merchant).toMatchObject({
    name: "Settings Test Shop",
    logo_url: null,
    underpayment_tolerance_bps: 0,
  });
  await shoot(page, "settings-02-error");

  await form.getByLabel("Underpayment tolerance").fill("1.5");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText(
    "Settings saved. New invoices use them.",
  );
  await expect(page.getByTestId("merchant-name")).toHaveText("Harbor Books");

  // What was saved is what the page shows after a reload.
  await page.reload();
  await expect(form.getByLabel("Store name")).toHaveValue("Harbor Books");
  await expect(form.getByLabel("Underpayment tolerance")).toHaveValue("1.5");
  await expect(form.getByLabel("Default expiry for new invoices")).toHaveValue("2");
  await expect(form.getByLabel("Unit of the default expiry")).toHaveValue("hours");
  await expect(form.getByLabel("USDC on Local chain")).toBeChecked();
  await expect(form.getByLabel("USDT on Local chain")).not.toBeChecked();
  await expect(form.getByLabel("Allowed origin 1", { exact: true })).toHaveValue(
    "https://harbor.example",
  );
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText("Nothing to save: no setting changed.");
  await shoot(page, "settings-03-saved");
  await page.setViewportSize({ width: 375, height: 800 });
  // Each address field shows the whole address, wrapped, rather than cutting it off.
  for (const field of [
    form.getByLabel("Settlement address", { exact: true }),
    form.getByLabel(/^Local chain/),
  ]) {
    expect(await field.inputValue()).toHaveLength(42);
    const hidden = await field.evaluate(
      (element) =>
        element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight,
    );
    expect(hidden, "part of the address is out of sight").toBe(false);
  }
  await shoot(page, "settings-04-mobile");
  await page.setViewportSize({ width: 1280, height: 720 });

  // A new invoice: two hours to pay, USDC only, paid to the chain's own address.
  const after = await createInvoiceWith(request, apiKey, { amount: "10.00", currency: "USD" });
  expect(Date.parse(after.expires_at) - Date.parse(after.created_at)).toBe(7200_000);
  expect(after.payment_options.map((option) => option.token.symbol)).toEqual(["USDC"]);
  expect(after.payment_options[0]!.recipient.toLowerCase()).toBe(override.toLowerCase());

  // Its checkout page: the new name and logo; the origin may frame it.
  const checkout = await page.request.get(checkoutPath(after));
  expect(checkout.headers()["content-security-policy"]).toMatch(
    /; frame-ancestors 'self' https:\/\/harbor\.example$/,
  );
  await page.goto(checkoutPath(after));
  await expect(page.locator("header img")).toHaveAttribute("src", LOGO_URI);
  await expect(page.locator("header").getByText("Harbor Books")).toBeVisible();
  await screenshot(page, "settings-05-checkout");

  // 1.5% short pays the new invoice; the one created before the change keeps waiting.
  await payShort(request, after, 9_850_000n);
  await payShort(request, before, 9_850_000n);
  await expect.poll(() => invoiceStatus(request, apiKey, after.id), CHAIN_TIMEOUT).toBe("paid");
  expect(await invoiceStatus(request, apiKey, before.id)).not.toBe("paid");
});

test("a settlement address that is not the signed-in wallet's is saved only once that address signs", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // The page's wallet is the payee's (dev account 4), not the signed-in owner's.
  const wallet = await installTestWallet(page, { accountIndex: 4, rpcUrl });
  const store = await freshStore(page, "Payee Shop");
  const apiKey = apiKeyFor(store.id);
  const saved = async () =>
    (
      (await (await page.request.get("/api/dashboard/settings")).json()) as {
        merchant: { settlement_address: string; settlement_overrides: Record<string, string> };
      }
    ).merchant;

  await page.goto("/dashboard/settings");
  const form = page.getByRole("form", { name: "Store settings" });
  await form.getByLabel("Settlement address", { exact: true }).fill(wallet.address);
  const panel = form.getByRole("region", { name: `Confirm ${wallet.address}` });
  await expect(panel).toContainText("Confirmation needed");
  const message = panel.getByTestId("confirmation-message");
  await expect(message).toContainText(`"merchant": "${store.id}"`);
  await expect(message).toContainText(`"deployment": "${new URL(BASE_URL).origin}"`);
  await shoot(page, "settings-06-confirmation-needed");

  // Unsigned: the server refuses, and nothing is saved.
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(
    form.getByRole("alert").filter({ hasText: "is not the signed-in wallet" }).first(),
  ).toBeVisible();
  expect((await saved()).settlement_address).toBe(store.owner.address);

  // The wallet connects (it is the payee's) and signs the message.
  await panel.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("button", { name: /Test Wallet/ }).click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  await panel.getByRole("button", { name: "Sign with the connected wallet" }).click();
  await expect(panel).toContainText("Signed: this address is confirmed when you save.");
  // The refusal of the unsigned save is gone with it.
  await expect(form.getByRole("alert")).toHaveCount(0);
  expect(wallet.requestsOf("eth_signTypedData_v4")).toHaveLength(1);
  await shoot(page, "settings-07-confirmation-signed");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText(
    "Settings saved. New invoices use them.",
  );
  await expect(panel).toHaveCount(0);
  expect((await saved()).settlement_address).toBe(wallet.address);

  // A chain's own address, signed elsewhere (as a Safe's owners would) and pasted.
  const elsewhere = privateKeyToAccount(generatePrivateKey());
  await form.getByLabel(/^Local chain/).fill(elsewhere.address);
  const overridePanel = form.getByRole("region", { name: `Confirm ${elsewhere.address}` });
  await expect(
    overridePanel.getByRole("button", { name: "Sign with the connected wallet" }),
  ).toBeDisabled();
  await expect(overridePanel).toContainText("switch it to");
  const typedData = JSON.parse(
    (await overridePanel.getByTestId("confirmation-message").textContent())!,
  );
  expect(typedData.domain.chainId).toBe(LOCAL_CHAIN_ID);
  await overridePanel.getByLabel("Signature").fill(await elsewhere.signTypedData(typedData));
  await shoot(page, "settings-08-confirmation-pasted");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText(
    "Settings saved. New invoices use them.",
  );
  expect((await saved()).settlement_overrides).toEqual({
    [String(LOCAL_CHAIN_ID)]: elsewhere.address,
  });
  const invoice = await createInvoiceWith(request, apiKey, { amount: "5.00", currency: "USD" });
  expect(invoice.payment_options[0]!.recipient.toLowerCase()).toBe(elsewhere.address.toLowerCase());
});

test("an uploaded photo is scaled down to a small data: image before it is saved", async ({
  page,
}) => {
  await freshStore(page, "Photo Shop");
  await page.goto("/dashboard/settings");
  const form = page.getByRole("form", { name: "Store settings" });
  const png = noisyPng(600, 400);
  expect(png.length).toBeGreaterThan(500_000);
  await form.getByLabel("Upload image").setInputFiles({
    name: "photo.png",
    mimeType: "image/png",
    buffer: png,
  });
  const preview = form.getByAltText("Logo preview");
  await expect(preview).toHaveAttribute("src", /^data:image\/(png|webp|jpeg);base64,/);
  const size = await preview.evaluate((image: HTMLImageElement) => ({
    width: image.naturalWidth,
    height: image.naturalHeight,
    length: image.src.length,
  }));
  expect(size.width).toBe(128);
  expect(size.height).toBe(85);
  expect(size.length).toBeLessThanOrEqual(54_000);
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText(
    "Settings saved. New invoices use them.",
  );
  const { merchant } = await (await page.request.get("/api/dashboard/settings")).json();
  expect(merchant.logo_url).toBe(await preview.getAttribute("src"));
});

/** A section's own picture in light and dark, beside the full-page screenshots. */
async function shootSection(page: Page, section: Locator, name: string) {
  await mkdir(SECTION_SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await section.screenshot({
      path: join(SECTION_SHOTS, `${name}-${scheme}.png`),
      animations: "disabled",
    });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** The USDC option's gasless authorization, as the checkout reads it (null: not offered now). */
async function usdcAuthorization(request: APIRequestContext, apiKey: string, id: string) {
  const response = await request.get(`/api/v1/invoices/${id}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  const invoice = (await response.json()) as ApiInvoice;
  return invoice.payment_options.find((option) => option.token.symbol === "USDC")?.authorization;
}

test("an owner turns gasless payment off; a malformed fee cap saves nothing", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const store = await freshStore(page, "Gasless Settings Shop");
  const apiKey = apiKeyFor(store.id);
  // On by default: a new invoice's USDC can be paid by signature once the relayer is read.
  const before = await createInvoiceWith(request, apiKey, { amount: "10.00", currency: "USD" });
  await expect
    .poll(() => usdcAuthorization(request, apiKey, before.id), CHAIN_TIMEOUT)
    .toBeTruthy();

  await page.goto("/dashboard/settings");
  const form = page.getByRole("form", { name: "Store settings" });
  const section = form.locator("section").filter({
    has: page.getByRole("heading", { name: "Gasless payments" }),
  });
  const gasless = section.getByRole("switch", {
    name: "Offer paying by signature (no gas token needed)",
  });
  const cap = section.getByLabel(/^Fee cap on Local chain/);
  await expect(gasless).toBeChecked();
  await expect(cap).toHaveValue("");
  await expect(cap).toHaveAttribute("placeholder", "0.05");
  await expect(
    section.getByText(/Your relayer pays the network fee, about .+ ETH a payment/),
  ).toBeVisible();
  await expect(section.getByText(/shoppers pay nothing extra/)).toBeVisible();
  await shootSection(page, section, "settings-gasless-1280");
  await page.setViewportSize({ width: 375, height: 800 });
  await shootSection(page, section, "settings-gasless-375");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Off, with a cap that is no amount: the server names the cap, and nothing is saved.
  await gasless.uncheck();
  await cap.fill("abc");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("alert")).toContainText(
    "Not saved. Fee cap on chain 31337: Expected a decimal amount",
  );
  await expect(cap).toHaveAttribute("aria-invalid", "true");
  await expect(cap).toBeFocused();
  await expect(section.getByText(/^Expected a decimal amount/)).toBeVisible();
  const unsaved = await (await page.request.get("/api/dashboard/settings")).json();
  expect(unsaved.merchant).toMatchObject({ gasless_enabled: true, gasless_fee_caps: {} });
  await shootSection(page, section, "settings-gasless-error-1280");
  await shoot(page, "settings-08-gasless-error");

  await cap.fill("0.10");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText(
    "Settings saved. New invoices use them.",
  );
  await page.reload();
  await expect(gasless).not.toBeChecked();
  await expect(cap).toHaveValue("0.1");
  const saved = await (await page.request.get("/api/dashboard/settings")).json();
  expect(saved.merchant).toMatchObject({
    gasless_enabled: false,
    gasless_fee_caps: { "31337": "0.1" },
  });

  // Invoices made from now on offer no signature; the relayer can still pay for others'.
  const after = await createInvoiceWith(request, apiKey, { amount: "10.00", currency: "USD" });
  expect(await usdcAuthorization(request, apiKey, after.id)).toBeNull();
  expect(await usdcAuthorization(request, apiKey, before.id)).toBeTruthy();
});

async function signedInPage(browser: Browser, account: LocalAccount): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await signInByApi(page, account);
  return page;
}

test("an owner adds a wallet, which can look but not change; removing it ends its access", async ({
  page,
  browser,
}) => {
  const store = await freshStore(page, "Members Test Shop");
  await page.goto("/dashboard/settings");
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByTestId("member")).toHaveCount(1);
  // The only owner cannot be removed.
  await expect(members.getByRole("button", { name: /^Remove / })).toBeDisabled();

  await members.getByLabel("Wallet address").fill("0x1234");
  await members.getByRole("button", { name: "Add wallet" }).click();
  await expect(members.getByLabel("Wallet address")).toHaveAttribute("aria-invalid", "true");
  await expect(members.getByText(/Expected an EVM address/)).toBeVisible();

  const colleague = privateKeyToAccount(generatePrivateKey());
  await members.getByLabel("Wallet address").fill(colleague.address.toLowerCase());
  await members.getByRole("button", { name: "Add wallet" }).click();
  await expect(members.getByRole("status")).toHaveText(/was added as a member/);
  await expect(members.getByTestId("member")).toHaveCount(2);
  await expect(members.getByText(colleague.address)).toBeVisible();
  // Made an owner, the colleague could remove the first owner; made a member again, it cannot.
  const short = `${colleague.address.slice(0, 6)}…${colleague.address.slice(-4)}`;
  await members.getByRole("button", { name: `Make owner ${short}` }).click();
  await expect(members.getByRole("status")).toHaveText(`${short} is an owner now.`);
  await expect(members.getByRole("button", { name: /^Remove / }).first()).toBeEnabled();
  await members.getByRole("button", { name: `Make member ${short}` }).click();
  await expect(members.getByRole("status")).toHaveText(`${short} is a member now.`);
  await shoot(page, "settings-06-members");

  // The colleague signs in to the store: it reads the settings, and changes nothing.
  const other = await signedInPage(browser, colleague);
  await other.goto("/dashboard/settings");
  await expect(other.getByTestId("merchant-name")).toHaveText("Members Test Shop");
  await expect(other.getByText("only an owner can change its settings")).toBeVisible();
  await expect(other.getByLabel("Store name")).toBeDisabled();
  await expect(other.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await expect(other.getByRole("button", { name: "Add wallet" })).toHaveCount(0);
  const forged = await other.request.post("/api/dashboard/settings", {
    headers: { origin: BASE_URL, "x-csrf-token": await csrfToken(other) },
    data: { name: "Taken over" },
  });
  expect(forged.status()).toBe(403);
  await shoot(other, "settings-07-member-view");

  // The owner removes it: its very next request is refused, and the page is the sign-in.
  await members.getByRole("button", { name: `Remove ${short}` }).click();
  await members.getByRole("button", { name: "Confirm removal" }).click();
  await expect(members.getByRole("status")).toHaveText(/can no longer use this store/);
  await expect(members.getByTestId("member")).toHaveCount(1);
  expect((await other.request.get("/api/dashboard/settings")).status()).toBe(401);
  await other.goto("/dashboard/settings");
  await expect(other.getByRole("heading", { name: "Merchant dashboard" })).toBeVisible();
  await other.context().close();
  expect(store.id).toMatch(/^mer_/);
});

test("Demo Store's owner sees its settings; saving unchanged settings writes nothing", async ({
  page,
}) => {
  await signInByApi(page, devAccount(9));
  await page.goto("/dashboard/settings");
  const form = page.getByRole("form", { name: "Store settings" });
  await expect(form.getByLabel("Store name")).toHaveValue("Demo Store");
  const before = await (await page.request.get("/api/dashboard/settings")).json();
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status").first()).toHaveText("Nothing to save: no setting changed.");
  const after = await (await page.request.get("/api/dashboard/settings")).json();
  expect(after.merchant.updated_at).toBe(before.merchant.updated_at);
  await expect(
    page.getByRole("region", { name: "Members" }).getByText(devAccount(9).address),
  ).toBeVisible();
});
