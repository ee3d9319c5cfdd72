import type { Page } from "@playwright/test";
import { createWalletClient, defineChain, type Hex, http, isAddressEqual } from "viem";
import type { PaymentOption } from "../lib/invoices/paymentOptions";
import { LOCAL_CHAIN_ID } from "./env";
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

/** Demo Store's settlement address: anvil dev account 9. */
const MERCHANT = devAccount(9).address;
const CHAIN_TIMEOUT = { timeout: 30_000 };

function option(options: PaymentOption[], symbol: string): PaymentOption {
  const found = options.find((candidate) => candidate.token.symbol === symbol);
  if (!found) throw new Error(`The invoice offers no ${symbol} option.`);
  return found;
}

/** Opens RainbowKit from the page's button, picks Test Wallet and waits for the modal to close. */
async function connectWallet(page: Page, wallet: TestWallet, screenshotName?: string) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  const choice = modal.getByRole("button", { name: /Test Wallet/ });
  await expect(choice).toBeVisible();
  // The page has no window.ethereum: a "Browser Wallet" entry would be a dead end.
  await expect(modal.getByRole("button", { name: /Browser Wallet/ })).toHaveCount(0);
  if (screenshotName) await screenshot(page, screenshotName);
  await choice.click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  expect(wallet.connected).toBe(true);
}

test("pays an invoice with an injected wallet", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 1, rpcUrl });
  const invoice = await createInvoice(request, {
    amount: "12.50",
    currency: "USD",
    description: "2 × Ethiopia Yirgacheffe, 250 g",
    redirect_url: "https://example.com/thanks",
  });
  const usdc = option(invoice.payment_options, "USDC");
  expect(usdc.chain_id).toBe(LOCAL_CHAIN_ID);
  expect(isAddressEqual(usdc.recipient, MERCHANT)).toBe(true);
  expect(usdc.amount).toBe("12500000");
  const merchantBefore = await tokenBalance(usdc.token.address, MERCHANT);

  await page.goto(checkoutPath(invoice));
  await expect(page.getByTestId("invoice-amount")).toContainText("$12.50");
  await expect(page.getByText("Demo Store", { exact: true })).toBeVisible();
  await expect(page.getByText("2 × Ethiopia Yirgacheffe, 250 g")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect wallet" })).toBeEnabled();
  // A real wallet stays silent until the shopper approves: the page must not be connected yet.
  expect(wallet.connected).toBe(false);
  await screenshot(page, "01-open");

  await connectWallet(page, wallet, "02-connect-modal");
  expect(wallet.requestsOf("eth_requestAccounts")).toHaveLength(1);
  // Paying by signature is the default (e2e/gasless.spec.ts); a transaction is one click away.
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  const pay = page.getByRole("button", { name: "Pay 12.50 USDC" });
  await expect(pay).toBeEnabled();
  await screenshot(page, "03-connected");

  await pay.click();
  const paid = page.getByTestId("paid");
  await expect(paid).toBeVisible(CHAIN_TIMEOUT);
  await expect(paid).toContainText("Payment received");
  await screenshot(page, "04-paid");

  expect(wallet.sentTransactions).toHaveLength(1);
  const txHash = wallet.sentTransactions[0] as Hex;
  const receipt = await publicClient.getTransactionReceipt({ hash: txHash });
  expect(receipt.status).toBe("success");

  const after = await getInvoice(request, invoice.id);
  expect(after.status).toBe("paid");
  expect(after.amount_paid).toBe("12.50");
  expect(after.amount_due).toBe("0.00");
  expect(after.payments).toHaveLength(1);
  const [payment] = after.payments;
  expect(isAddressEqual(payment?.from as Hex, wallet.address)).toBe(true);
  expect(payment?.tx_hash.toLowerCase()).toBe(txHash.toLowerCase());
  expect(isAddressEqual(payment?.token as Hex, usdc.token.address)).toBe(true);
  expect(payment?.amount).toBe("12500000");

  const merchantAfter = await tokenBalance(usdc.token.address, MERCHANT);
  expect(merchantAfter - merchantBefore).toBe(12_500_000n);

  // The shopper may stay: the automatic return to the merchant stops.
  const countdown = page.getByTestId("redirect-countdown");
  await expect(countdown).toContainText("Returning to Demo Store in");
  await page.getByRole("button", { name: "Stay on this page" }).click();
  await expect(countdown).toHaveCount(0);
  const back = page.getByRole("link", { name: "Return to Demo Store" });
  await expect(back).toBeVisible();
  const href = new URL((await back.getAttribute("href")) ?? "");
  expect(href.href.startsWith("https://example.com/thanks")).toBe(true);
  expect(href.searchParams.get("invoice_id")).toBe(invoice.id);
  expect(href.searchParams.get("status")).toBe("paid");
});

test("shows a clear message when the shopper rejects the transaction", async ({
  page,
  request,
}) => {
  const wallet = await installTestWallet(page, { accountIndex: 2, rpcUrl });
  const invoice = await createInvoice(request, { amount: "12.50", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await connectWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();

  wallet.rejectNext("eth_sendTransaction");
  const pay = page.getByRole("button", { name: "Pay 12.50 USDC" });
  await pay.click();
  // Inside <main>: Next.js adds an empty role="alert" route announcer to every page.
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("declined");
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(1);
  expect(wallet.sentTransactions).toHaveLength(0);
  expect((await getInvoice(request, invoice.id)).status).toBe("open");
  await expect(pay).toBeEnabled();
  await screenshot(page, "05-rejected");

  // The shopper changes their mind: the same button pays.
  await pay.click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  await expect(alert).toBeHidden();
  expect(wallet.sentTransactions).toHaveLength(1);
  const after = await getInvoice(request, invoice.id);
  expect(after.status).toBe("paid");
  expect(after.payments.map((payment) => payment.tx_hash.toLowerCase())).toEqual([
    wallet.sentTransactions[0]?.toLowerCase(),
  ]);
});

test("pays with USDT after choosing it", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 3, rpcUrl });
  const invoice = await createInvoice(request, { amount: "12.50", currency: "USD" });
  const usdt = option(invoice.payment_options, "USDT");
  const merchantBefore = await tokenBalance(usdt.token.address, MERCHANT);
  await page.goto(checkoutPath(invoice));

  const usdtRadio = page.getByRole("radio", { name: /USDT/ });
  await usdtRadio.check();
  await expect(usdtRadio).toBeChecked();
  await expect(page.getByRole("radio", { name: /USDC/ })).not.toBeChecked();
  await connectWallet(page, wallet);
  const pay = page.getByRole("button", { name: "Pay 12.50 USDT" });
  await expect(pay).toBeEnabled();
  await screenshot(page, "06-usdt-selected");
  await pay.click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);

  const after = await getInvoice(request, invoice.id);
  expect(after.status).toBe("paid");
  expect(after.payments).toHaveLength(1);
  expect(isAddressEqual(after.payments[0]?.token as Hex, usdt.token.address)).toBe(true);
  expect(after.payments[0]?.token_symbol).toBe("USDT");
  expect(await tokenBalance(usdt.token.address, MERCHANT)).toBe(merchantBefore + 12_500_000n);
});

test("wallet on another network is switched before paying", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 4, rpcUrl, startChainId: 1 });
  const invoice = await createInvoice(request, { amount: "12.50", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await expect(page.getByRole("button", { name: "Connect wallet" })).toBeEnabled();
  expect(wallet.chainId).toBe(1);

  // RainbowKit (initialChain) asks the wallet to move to the invoice's chain while connecting.
  await connectWallet(page, wallet);
  expect(wallet.requestsOf("wallet_switchEthereumChain")).toEqual([
    { method: "wallet_switchEthereumChain", params: [{ chainId: "0x7a69" }] },
  ]);
  expect(wallet.chainId).toBe(LOCAL_CHAIN_ID);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  await expect(page.getByRole("button", { name: "Pay 12.50 USDC" })).toBeEnabled();

  // The shopper then moves the wallet back to Ethereum from the wallet itself.
  await wallet.setChain(1);
  const switchAndPay = page.getByRole("button", {
    name: "Switch network and pay 12.50 USDC",
  });
  await expect(switchAndPay).toBeEnabled();
  await screenshot(page, "07-wrong-network");

  await switchAndPay.click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  expect(wallet.requestsOf("wallet_switchEthereumChain")).toHaveLength(2);
  expect(wallet.chainId).toBe(LOCAL_CHAIN_ID);
  expect(wallet.sentTransactions).toHaveLength(1);
  expect((await getInvoice(request, invoice.id)).status).toBe("paid");
});

// The receipt's time is rendered for the shopper's zone and language without a hydration error.
test.describe("in another timezone and language", () => {
  test.use({ timezoneId: "America/Los_Angeles", locale: "de-DE" });

  test("a paid invoice shows the receipt on reload", async ({ page, request }) => {
    // Paid outside the page, as a script or another device would: no wallet in this browser.
    const payer = devAccount(5);
    const invoice = await createInvoice(request, {
      amount: "12.50",
      currency: "USD",
      redirect_url: "https://example.com/thanks",
    });
    const usdc = option(invoice.payment_options, "USDC");
    const chain = defineChain({
      id: LOCAL_CHAIN_ID,
      name: "Local chain",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
    const client = createWalletClient({ account: payer, chain, transport: http(rpcUrl) });
    const hash = await client.sendTransaction({
      to: usdc.transaction.to,
      data: usdc.transaction.data,
    });
    expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    const submitted = await request.post(`/api/checkout/${invoice.id}/payments`, {
      data: { chain_id: LOCAL_CHAIN_ID, tx_hash: hash },
    });
    expect(submitted.ok(), await submitted.text()).toBe(true);
    await expect
      .poll(async () => (await getInvoice(request, invoice.id)).status, CHAIN_TIMEOUT)
      .toBe("paid");

    await page.goto(checkoutPath(invoice));
    await expect(page.getByTestId("paid")).toContainText("Payment received");
    await page.reload();
    const paid = page.getByTestId("paid");
    await expect(paid).toContainText("Payment received");
    await expect(paid).toContainText("$12.50 paid to Demo Store");
    await expect(page.getByRole("button", { name: /Connect wallet|Pay/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Return to Demo Store" })).toBeVisible();
    await screenshot(page, "08-receipt-reload");
  });
});

test("an unknown invoice shows a not found page", async ({ page }) => {
  const response = await page.goto("/pay/inv_doesnotexist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Invoice not found" })).toBeVisible();
  await screenshot(page, "09-not-found");
});
