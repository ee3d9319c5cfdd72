import type { Page } from "@playwright/test";
import type { Hex } from "viem";
import { expect, test } from "./fixtures";
import {
  checkoutPath,
  createInvoice,
  getInvoice,
  publicClient,
  rpcUrl,
  screenshot,
} from "./helpers";
import { installTestWallet, type TestWallet } from "./wallet";

/**
 * A smart wallet (EIP-5792): the checkout asks for its capabilities and pays with
 * wallet_sendCalls, following the bundle with wallet_getCallsStatus until its receipt comes.
 * The shopper sees the same buttons, steps and sentences as with any other wallet.
 */
const CHAIN_TIMEOUT = { timeout: 30_000 };

async function connectWallet(page: Page, wallet: TestWallet) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("button", { name: /Test Wallet/ }).click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  expect(wallet.connected).toBe(true);
}

/** The hash the page posts to the checkout's payments endpoint, and the server's answer. */
async function postedPayment(page: Page): Promise<{ txHash: string; status: number }> {
  const response = await page.waitForResponse(
    (response) =>
      response.request().method() === "POST" &&
      /\/api\/checkout\/[^/]+\/payments$/.test(response.url()),
    CHAIN_TIMEOUT,
  );
  const body = response.request().postDataJSON() as { tx_hash: string };
  return { txHash: body.tx_hash, status: response.status() };
}

test("a smart wallet pays through wallet_sendCalls", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 6, rpcUrl, eip5792: true });
  const invoice = await createInvoice(request, { amount: "7.25", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await connectWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  const pay = page.getByRole("button", { name: "Pay 7.25 USDC" });
  await expect(pay).toBeEnabled();
  await screenshot(page, "smart-wallet-01-connected");

  const posted = postedPayment(page);
  await pay.click();
  const paid = page.getByTestId("paid");
  await expect(paid).toContainText("Payment received", CHAIN_TIMEOUT);
  // The page posts the bundle's hash once the wallet reports its receipt.
  const { txHash: postedHash, status } = await posted;
  expect([200, 202]).toContain(status);

  // The page asked, sent one call as a bundle, and followed it: never eth_sendTransaction.
  expect(wallet.requestsOf("wallet_getCapabilities").length).toBeGreaterThan(0);
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(0);
  const sendCalls = wallet.requestsOf("wallet_sendCalls");
  expect(sendCalls).toHaveLength(1);
  const [sent] = (sendCalls[0]?.params ?? []) as [
    { calls: unknown[]; chainId: Hex; version: string },
  ];
  expect(sent.version).toBe("2.0.0");
  expect(Number(sent.chainId)).toBe(31337);
  expect(sent.calls).toHaveLength(1);
  // Pending first (100), then confirmed with the receipt (200).
  expect(wallet.requestsOf("wallet_getCallsStatus").length).toBeGreaterThanOrEqual(2);

  expect(wallet.sentTransactions).toHaveLength(1);
  const txHash = wallet.sentTransactions[0] as Hex;
  expect(postedHash.toLowerCase()).toBe(txHash.toLowerCase());
  expect((await publicClient.getTransactionReceipt({ hash: txHash })).status).toBe("success");
  const after = await getInvoice(request, invoice.id);
  expect(after.status).toBe("paid");
  expect(after.payments.map((payment) => payment.tx_hash.toLowerCase())).toEqual([
    txHash.toLowerCase(),
  ]);
  // The receipt lists the transaction the bundle carried.
  const receipt = page.getByTestId("receipt");
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTitle(new RegExp(`^${txHash}$`, "i"))).toBeVisible();
  await screenshot(page, "smart-wallet-02-paid");
  await page.setViewportSize({ width: 375, height: 812 });
  await screenshot(page, "smart-wallet-03-paid-375");
});

test("a declined bundle says so, and Pay works again", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 7, rpcUrl, eip5792: true });
  const invoice = await createInvoice(request, { amount: "3.10", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await connectWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();

  wallet.rejectNext("wallet_sendCalls");
  const pay = page.getByRole("button", { name: "Pay 3.10 USDC" });
  await pay.click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText("You declined the transaction in your wallet. Nothing was sent.");
  expect(wallet.sentTransactions).toHaveLength(0);
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(0);
  await expect(pay).toBeEnabled();
  await screenshot(page, "smart-wallet-04-declined");
  await page.setViewportSize({ width: 375, height: 812 });
  await screenshot(page, "smart-wallet-05-declined-375");
  await page.setViewportSize({ width: 1280, height: 720 });

  // A bundle whose call reverts (a gas limit set too low) is a failed payment, said so.
  wallet.setGasLimit(30_000n);
  await pay.click();
  await expect(alert).toHaveText(
    "Your wallet reports that the payment failed on-chain. Nothing was paid; you can try again.",
    CHAIN_TIMEOUT,
  );
  expect(wallet.sentTransactions).toHaveLength(1);
  expect(
    (await publicClient.getTransactionReceipt({ hash: wallet.sentTransactions[0] as Hex })).status,
  ).toBe("reverted");
  expect((await getInvoice(request, invoice.id)).status).toBe("open");
  await expect(pay).toBeEnabled();
  await screenshot(page, "smart-wallet-06-reverted");

  wallet.setGasLimit(null);
  await pay.click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  expect(wallet.requestsOf("wallet_sendCalls")).toHaveLength(3);
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(0);
  const after = await getInvoice(request, invoice.id);
  expect(after.payments.map((payment) => payment.tx_hash.toLowerCase())).toEqual([
    (wallet.sentTransactions[1] as Hex).toLowerCase(),
  ]);
});

test("a wallet without EIP-5792 pays by eth_sendTransaction", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 6, rpcUrl });
  const invoice = await createInvoice(request, { amount: "1.05", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await connectWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  await page.getByRole("button", { name: "Pay 1.05 USDC" }).click();
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  expect(wallet.requestsOf("wallet_getCapabilities").length).toBeGreaterThan(0);
  expect(wallet.requestsOf("wallet_sendCalls")).toHaveLength(0);
  expect(wallet.requestsOf("eth_sendTransaction")).toHaveLength(1);
});
