import type { Page } from "@playwright/test";
import {
  type Address,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expectAccessible } from "./a11y";
import { csrfToken, signInByApi } from "./dashboard";
import { BASE_URL, LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import {
  createInvoice,
  devAccount,
  getInvoice,
  publicClient,
  rpcUrl,
  screenshot,
  tokenBalance,
} from "./helpers";
import { installTestWallet } from "./wallet";

const CHAIN_TIMEOUT = { timeout: 30_000 };

const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

/** Sends a transaction from a dev account and waits for it to be mined. */
async function sendFrom(index: number, to: Address, data: Hex): Promise<Hex> {
  const wallet = createWalletClient({ account: devAccount(index), chain, transport: http(rpcUrl) });
  const hash = await wallet.sendTransaction({ to, data });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}

// Uncaught errors in the page fail the test.
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.stack ?? error.message));
  return errors;
}

test("the merchant refunds part of a paid invoice, then the rest, from the invoice page; more is refused", async ({
  page,
  request,
}) => {
  const pageErrors = watchErrors(page);
  const invoice = await createInvoice(request, {
    amount: "10.00",
    currency: "USD",
    order_id: "order-refund-1",
    description: "Two bags of coffee",
    metadata: { customer: "c_1042" },
  });
  const usdc = invoice.payment_options.find((option) => option.token.symbol === "USDC")!;
  const token = usdc.token.address as Address;
  const payer = devAccount(1);
  const merchant = devAccount(9);

  // The shopper pays from dev account 1 with the option's ready-made transaction.
  const paymentHash = await sendFrom(1, usdc.transaction.to, usdc.transaction.data);
  const posted = await request.post(`/api/checkout/${invoice.id}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: paymentHash },
  });
  expect(posted.ok(), await posted.text()).toBe(true);
  await expect.poll(async () => (await getInvoice(request, invoice.id)).status).toBe("paid");
  const payerBefore = await tokenBalance(token, payer.address);
  const merchantBefore = await tokenBalance(token, merchant.address);

  const wallet = await installTestWallet(page, { accountIndex: 9, rpcUrl });
  await signInByApi(page, merchant);
  await page.goto(`/dashboard/invoices/${invoice.id}`);
  await expect(page.getByTestId("invoice-amount")).toHaveText("$10.00USD");
  await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
  await expect(page.getByTestId("refund-status")).toHaveCount(0);
  await expect(page.getByText("order-refund-1")).toBeVisible();
  await expect(page.getByText("Two bags of coffee")).toBeVisible();
  await expect(page.getByTestId("metadata")).toContainText("c_1042");
  await expect(page.getByTestId("timeline-event")).toHaveText([/Invoice created/, /Paid/]);
  const payment = page.getByTestId("payment");
  await expect(payment).toContainText("10.00 USDC");
  await expect(payment).toContainText("Confirmed");
  // The local chain has no explorer: the hash is shown with a copy button.
  await expect(
    payment.getByRole("button", { name: `Copy transaction hash ${paymentHash}` }),
  ).toBeVisible();
  // Paid invoices cannot be canceled.
  await expect(page.getByRole("button", { name: "Cancel invoice" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Copy checkout link" })).toBeVisible();
  await screenshot(page, "dashboard-refunds-01-paid");
  await expectAccessible(page, "paid invoice");

  // Connect the page's wallet (the Demo Store owner's, which received the payment).
  await page.getByRole("button", { name: "Connect wallet to refund" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("button", { name: /Test Wallet/ }).click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  await expect(page.getByTestId("refund-wallet")).toHaveText(merchant.address);

  const amount = page.getByLabel(/^Amount/);
  await expect(amount).toHaveValue("10.00");
  await amount.fill("4.00");
  await page.getByRole("button", { name: "Refund USDC" }).click();
  await expect(page.getByRole("status")).toContainText("Refund of 4.00 USDC", CHAIN_TIMEOUT);
  await expect(page.getByTestId("refund-status")).toHaveText("Partially refunded");
  await expect(page.getByTestId("amount-refunded")).toHaveText("$4.00");
  await expect(page.getByTestId("amount-refundable")).toHaveText("$6.00");
  await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
  await expect(page.getByTestId("refund")).toHaveCount(1);
  await expect(page.getByTestId("timeline-event").last()).toContainText("Refund confirmed");
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(1);
  await screenshot(page, "dashboard-refunds-02-partially-refunded");
  await expectAccessible(page, "partially refunded");

  // More than is left is refused before anything is signed.
  await expect(amount).toHaveValue("6.00");
  await amount.fill("6.01");
  await page.getByRole("button", { name: "Refund USDC" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "more than can be refunded" }),
  ).toBeVisible();
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(1);
  await screenshot(page, "dashboard-refunds-03-too-much");

  await amount.fill("6.00");
  await page.getByRole("button", { name: "Refund USDC" }).click();
  await expect(page.getByTestId("refund-status")).toHaveText("Refunded", CHAIN_TIMEOUT);
  await expect(page.getByTestId("amount-refunded")).toHaveText("$10.00");
  await expect(page.getByTestId("refund-none")).toHaveText("Everything paid has been refunded.");
  await expect(page.getByTestId("refund")).toHaveCount(2);
  await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
  await screenshot(page, "dashboard-refunds-04-refunded");
  await expectAccessible(page, "refunded");

  // The money moved on-chain: from the merchant's wallet back to the payer.
  expect(await tokenBalance(token, payer.address)).toBe(payerBefore + 10_000_000n);
  expect(await tokenBalance(token, merchant.address)).toBe(merchantBefore - 10_000_000n);
  const shown = await getInvoice(request, invoice.id);
  expect(shown).toMatchObject({
    status: "paid",
    amount_refunded: "10.00",
    refund_status: "refunded",
  });
  expect(shown.refunds.map((refund) => refund.amount)).toEqual(["4.00", "6.00"]);

  // A further transfer, really sent, is still refused: nothing more was paid. (Dev account 2
  // tops the merchant's wallet up first: it sent back everything it had received.)
  await sendFrom(
    2,
    token,
    encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [merchant.address, 1_000_000n],
    }),
  );
  const extra = await sendFrom(
    9,
    token,
    encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [payer.address, 1_000_000n],
    }),
  );
  const refused = await page.request.post(`/api/dashboard/invoices/${invoice.id}/refunds`, {
    headers: { origin: BASE_URL, "x-csrf-token": await csrfToken(page) },
    data: {
      payment_id: (await paymentIdOf(page, invoice.id)) ?? "",
      chain_id: LOCAL_CHAIN_ID,
      tx_hash: extra,
      to: payer.address,
      amount: "1.00",
    },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.code).toBe("refund_exceeds_paid");
  expect((await getInvoice(request, invoice.id)).amount_refunded).toBe("10.00");

  // In dark mode.
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, "dashboard-refunds-04b-refunded-dark");
  await expectAccessible(page, "refunded, dark");
  await page.emulateMedia({ colorScheme: "light" });

  // At 375 px wide.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await expect(page.getByTestId("refund-status")).toHaveText("Refunded");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // Addresses break into even lines: never a character or two alone on the last one.
  const lines = await page.locator("[data-address]").evaluateAll((elements) =>
    elements.map((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return [...range.getClientRects()].map((rect) => Math.round(rect.width));
    }),
  );
  expect(lines.length).toBeGreaterThan(0);
  for (const widths of lines) {
    expect(Math.max(...widths) - Math.min(...widths), `line widths ${widths}`).toBeLessThanOrEqual(
      1,
    );
  }
  await screenshot(page, "dashboard-refunds-05-mobile");
  await expectAccessible(page, "refunded, 375 px");
  expect(pageErrors).toEqual([]);
});

test("an open invoice can be canceled from its page; an unknown invoice, or another store's, is a 404 page", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "3.00", currency: "USD" });
  await signInByApi(page, devAccount(9));
  await page.goto(`/dashboard/invoices/${invoice.id}`);
  await expect(page.getByTestId("invoice-status")).toHaveText("Open");
  await expect(page.getByText("Nothing to refund")).toBeVisible();
  await page.getByRole("button", { name: "Cancel invoice" }).click();
  await page.getByRole("button", { name: "Yes, cancel invoice" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("Canceled");
  await expect(page.getByRole("button", { name: "Cancel invoice" })).toHaveCount(0);
  await expect(page.getByTestId("timeline-event").last()).toContainText("Canceled");
  await screenshot(page, "dashboard-refunds-06-canceled");
  await expectAccessible(page, "canceled invoice");

  const missing = await page.goto("/dashboard/invoices/inv_00000000000000000000000000");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Invoice not found" })).toBeVisible();
  await screenshot(page, "dashboard-refunds-07-not-found");

  // Another store's owner gets the same 404 for Demo Store's invoice.
  await page.context().clearCookies();
  await signInByApi(page, privateKeyToAccount(generatePrivateKey()));
  const created = await page.request.post("/api/dashboard/merchants", {
    headers: { origin: BASE_URL, "x-csrf-token": await csrfOf(page) },
    data: { name: "Other Store" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const foreign = await page.goto(`/dashboard/invoices/${invoice.id}`);
  expect(foreign?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Invoice not found" })).toBeVisible();
});

/** The session's CSRF token, read from the session endpoint (the page need not be open). */
async function csrfOf(page: Page): Promise<string> {
  const response = await page.request.get("/api/dashboard/auth/session");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { csrf_token: string }).csrf_token;
}

/** The id of the invoice's first payment, as the dashboard's invoice read gives it. */
async function paymentIdOf(page: Page, invoiceId: string): Promise<string | undefined> {
  const response = await page.request.get(`/api/dashboard/invoices/${invoiceId}/refunds`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { payments: { id: string }[] };
  return body.payments[0]?.id;
}
