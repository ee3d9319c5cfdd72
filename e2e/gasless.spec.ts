import type { Page } from "@playwright/test";
import type { Address } from "viem";
import type { PaymentOption } from "../lib/invoices/paymentOptions";
import { expectAccessible } from "./a11y";
import { expect, test } from "./fixtures";
import {
  checkoutPath,
  createInvoice,
  devAccount,
  getInvoice,
  publicClient,
  rpcUrl,
  screenshot,
  tokenBalance,
} from "./helpers";
import { installTestWallet, type TestWallet } from "./wallet";

/**
 * Paying by signature (EIP-3009): a shopper who holds USDC and no ETH at all signs a transfer
 * authorization, the merchant's relayer submits it and pays the gas, and the USDC goes from the
 * shopper straight to the merchant.
 */

/** Dev account 12 (GASLESS_DEMO_ACCOUNT_INDEX): 10,000 of each test token, never any ETH. */
const NO_ETH_ACCOUNT = 12;
/** Demo Store's settlement address: dev account 9. */
const MERCHANT = devAccount(9).address;
const CHAIN_TIMEOUT = { timeout: 30_000 };

function usdcOf(options: PaymentOption[]): PaymentOption {
  const found = options.find((candidate) => candidate.token.symbol === "USDC");
  if (!found) throw new Error("no USDC option");
  return found;
}

async function connectTestWallet(page: Page, wallet: TestWallet) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("button", { name: /Test Wallet/ }).click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  expect(wallet.connected).toBe(true);
}

async function rpc(method: string, params: unknown[] = []) {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

/** The bodies of the page's posts to the authorizations endpoint, in order. */
function recordAuthorizationPosts(page: Page): Record<string, unknown>[] {
  const posts: Record<string, unknown>[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/authorizations")) {
      posts.push(request.postDataJSON() as Record<string, unknown>);
    }
  });
  return posts;
}

test.use({ colorScheme: "light", viewport: { width: 1280, height: 900 } });

test("a shopper with USDC and no ETH pays by signature; the merchant receives exactly the amount", async ({
  page,
  request,
}) => {
  const shopper = devAccount(NO_ETH_ACCOUNT).address;
  expect(await publicClient.getBalance({ address: shopper })).toBe(0n);
  const invoice = await createInvoice(request, {
    amount: "12.50",
    currency: "USD",
    description: "2 × Ethiopia Yirgacheffe, 250 g",
  });
  const usdc = usdcOf(invoice.payment_options);
  expect(usdc.authorization, "the USDC option offers a signature").not.toBeNull();
  const validBefore = new Date(Number(usdc.authorization?.message.validBefore) * 1000);
  const token = usdc.token.address as Address;
  const [merchantBefore, shopperBefore] = await Promise.all([
    tokenBalance(token, MERCHANT),
    tokenBalance(token, shopper),
  ]);
  const posts = recordAuthorizationPosts(page);

  const wallet = await installTestWallet(page, { accountIndex: NO_ETH_ACCOUNT, rpcUrl });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);

  // The default is the signature, said in plain words before anything is signed.
  const summary = page.getByTestId("authorization-summary");
  await expect(summary).toContainText("Pay with a signature, no ETH needed");
  await expect(page.getByTestId("authorization-terms")).toHaveText(
    /^You authorize a transfer of 12\.50 USDC to Demo Store \(0xa0Ee…9720\), valid until (.+, )?\d{1,2}:\d{2}\s[AP]M\.$/,
  );
  await expect(summary.locator("time")).toHaveAttribute("datetime", validBefore.toISOString());
  await expect(summary).toContainText("Demo Store pays the network fee");
  const sign = page.getByRole("button", { name: "Sign to pay 12.50 USDC" });
  await expect(sign).toBeEnabled();
  await expect(sign).toHaveAccessibleDescription(/You authorize a transfer of 12\.50 USDC/);
  await expect(page.getByRole("button", { name: "Pay with a transaction instead" })).toBeVisible();
  // No ETH, and nothing says it cannot pay: signing needs none.
  await expect(page.getByTestId("option-balance").first()).toContainText("You have");
  await expect(page.getByTestId("low-gas")).toHaveCount(0);
  await expect(page.getByTestId("low-token")).toHaveCount(0);
  await expectAccessible(page, "pay by signature");
  await screenshot(page, "gasless-01-signature-desktop");
  await summary.screenshot({ path: "e2e/artifacts/screenshots/gasless-02-summary.png" });
  await page.setViewportSize({ width: 375, height: 812 });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `pay by signature, phone, ${colorScheme}`);
    await screenshot(page, `gasless-03-signature-375-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Blocks stop being mined, so the relayed transfer waits in the pool: the page shows it sent.
  await rpc("evm_setAutomine", [false]);
  try {
    await sign.click();
    const stepper = page.getByTestId("stepper");
    await expect(stepper).toHaveAttribute("data-step", "sent", CHAIN_TIMEOUT);
    await expect(stepper).toContainText(
      "Transaction sent: waiting for it to be included in a block.",
    );
    await expect(page.getByRole("button", { name: "Sign to pay 12.50 USDC" })).toBeHidden();
    await screenshot(page, "gasless-04-sent");
    await rpc("evm_mine");
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  await expect(page.getByTestId("stepper")).toHaveAttribute("data-step", "paid");
  await expect(page.getByTestId("receipt")).toContainText("12.50 USDC");
  await expectAccessible(page, "paid by signature");
  await screenshot(page, "gasless-05-paid");

  // One signature, no transaction from the wallet; the post carried exactly what was signed.
  expect(wallet.requestsOf("eth_signTypedData_v4")).toHaveLength(1);
  expect(wallet.sentTransactions).toHaveLength(0);
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatchObject({
    chain_id: usdc.chain_id,
    token: usdc.token.address,
    from: shopper,
    value: "12500000",
    valid_after: usdc.authorization?.message.validAfter,
    valid_before: usdc.authorization?.message.validBefore,
    nonce: usdc.authorization?.message.nonce,
  });
  expect(posts[0]?.signature).toMatch(/^0x[0-9a-f]{130}$/);

  const after = await getInvoice(request, invoice.id);
  expect(after).toMatchObject({ status: "paid", amount_paid: "12.50", amount_due: "0.00" });
  expect(after.payments).toHaveLength(1);
  expect(after.payments[0]?.from.toLowerCase()).toBe(shopper.toLowerCase());
  expect(after.payments[0]?.amount).toBe("12500000");
  // On-chain: exactly the amount moved from the shopper to the merchant, and the shopper paid no gas.
  expect((await tokenBalance(token, MERCHANT)) - merchantBefore).toBe(12_500_000n);
  expect(shopperBefore - (await tokenBalance(token, shopper))).toBe(12_500_000n);
  expect(await publicClient.getBalance({ address: shopper })).toBe(0n);
});

test("declining the signature returns to the choice and posts nothing", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "4.20", currency: "USD" });
  const posts = recordAuthorizationPosts(page);
  const wallet = await installTestWallet(page, { accountIndex: NO_ETH_ACCOUNT, rpcUrl });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);

  wallet.rejectNext("eth_signTypedData_v4");
  const sign = page.getByRole("button", { name: "Sign to pay 4.20 USDC" });
  await sign.click();
  // Inside <main>: Next.js adds an empty role="alert" route announcer to every page.
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText(
    "You declined the signature in your wallet. Nothing was signed or paid.",
  );
  await expect(sign).toBeEnabled();
  await expect(page.getByTestId("stepper")).toHaveAttribute("data-step", "awaiting");
  expect(wallet.requestsOf("eth_signTypedData_v4")).toHaveLength(1);
  expect(posts).toEqual([]);
  expect((await getInvoice(request, invoice.id)).status).toBe("open");
  await screenshot(page, "gasless-06-declined");

  // A transaction is one click away; with no ETH the page says so, and points back.
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  await expect(alert).toHaveCount(0);
  const lowGas = page.getByTestId("low-gas");
  await expect(lowGas).toContainText("You need a little ETH on Local chain for the network fee");
  await expect(lowGas).toContainText("Pay with a signature instead: it needs no ETH.");
  await expect(page.getByRole("button", { name: "Pay 4.20 USDC" })).toBeDisabled();
  await page.getByRole("button", { name: "Pay with a signature instead, no ETH needed" }).click();
  await expect(sign).toBeEnabled();
  await expect(page.getByTestId("low-gas")).toHaveCount(0);
  expect(wallet.sentTransactions).toHaveLength(0);
  expect(posts).toEqual([]);
});

test("a refusal says what to do next, and turns to a transaction when signing cannot pay now", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "3.10", currency: "USD" });
  await page.route(`**/api/checkout/${invoice.id}/authorizations`, (route) =>
    route.fulfill({
      status: 422,
      json: {
        error: {
          code: "relayer_unavailable",
          message: "Paying by signature is not available right now; pay from your wallet instead.",
          param: null,
        },
      },
    }),
  );
  const wallet = await installTestWallet(page, { accountIndex: 1, rpcUrl });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);
  await page.getByRole("button", { name: "Sign to pay 3.10 USDC" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Paying with a signature is not available right now. Pay with a transaction instead; it needs a little ETH for the network fee.",
    CHAIN_TIMEOUT,
  );
  const pay = page.getByRole("button", { name: "Pay 3.10 USDC" });
  await expect(pay).toBeEnabled();
  await pay.click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  expect(wallet.sentTransactions).toHaveLength(1);
});

test.describe("on a 375 px phone with no wallet extension", () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test("the demo wallet without ETH pays by signature", async ({ page, request }) => {
    const shopper = devAccount(NO_ETH_ACCOUNT).address;
    const invoice = await createInvoice(request, { amount: "2.40", currency: "USD" });
    const token = usdcOf(invoice.payment_options).token.address as Address;
    const before = await tokenBalance(token, shopper);
    await page.goto(checkoutPath(invoice));
    await expect(page.getByRole("button", { name: "Demo wallet without ETH" })).toBeVisible();
    await screenshot(page, "gasless-07-demo-buttons-375");
    await page.getByRole("button", { name: "Demo wallet without ETH" }).tap();
    await expect(page.getByText(/From 0xFABB…694a · Demo wallet without ETH/)).toBeVisible(
      CHAIN_TIMEOUT,
    );
    const sign = page.getByRole("button", { name: "Sign to pay 2.40 USDC" });
    await expect(sign).toBeEnabled();
    await sign.tap();
    await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
    await screenshot(page, "gasless-08-demo-paid-375");
    expect(before - (await tokenBalance(token, shopper))).toBe(2_400_000n);
    expect(await publicClient.getBalance({ address: shopper })).toBe(0n);
  });
});
