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
import { transferCalldata } from "../lib/invoices/paymentOptions";
import type { ApiUnmatchedPayment } from "../lib/payments/ledger/unmatchedPayments";
import { expectAccessible } from "./a11y";
import { signInByApi } from "./dashboard";
import { DEMO_API_KEY, LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import { createInvoice, devAccount, publicClient, rpcUrl, screenshot } from "./helpers";

const DEMO_STORE_ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const WATCHER_TIMEOUT = { timeout: 30_000 };

const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

/** Sends a transaction from dev account 5 and waits for it to be mined. */
async function sendFrom5(to: Address, data: Hex): Promise<Hex> {
  const wallet = createWalletClient({ account: devAccount(5), chain, transport: http(rpcUrl) });
  const hash = await wallet.sendTransaction({ to, data });
  expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
  return hash;
}

function plainTransferData(to: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] });
}

/** Demo Store's unmatched payments as the merchant API lists them now. */
async function listed(page: Page): Promise<ApiUnmatchedPayment[]> {
  const response = await page.request.get("/api/v1/unmatched-payments?limit=100", {
    headers: { authorization: `Bearer ${DEMO_API_KEY}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { data: ApiUnmatchedPayment[] }).data;
}

/** The list item of one transaction (its copy button names the full hash). */
function row(page: Page, hash: Hex) {
  return page
    .getByTestId("unmatched-payment")
    .filter({ has: page.getByRole("button", { name: `Copy transaction hash ${hash}` }) });
}

/** Light and dark, desktop and 375 px wide, each checked by axe. */
async function screenshotsOf(page: Page, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page, `${name}, desktop, ${colorScheme}`);
    await screenshot(page, `${name}-desktop-${colorScheme}`);
    await page.setViewportSize({ width: 375, height: 812 });
    await expectAccessible(page, `${name}, 375 px, ${colorScheme}`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-375-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("transfers that pay no invoice are listed for the merchant to refund", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));

  // Open invoices, so the watcher watches Demo Store's address.
  const dollars = await createInvoice(request, { amount: "10.00", currency: "USD" });
  const euros = await createInvoice(request, {
    amount: "5.00",
    currency: "EUR",
    order_id: `e2e-unmatched-${Date.now()}`,
  });
  const usdc = dollars.payment_options.find((option) => option.token.symbol === "USDC")!;
  const token = usdc.token.address as Address;
  expect(usdc.recipient).toBe(DEMO_STORE_ADDRESS);
  const payer = devAccount(5).address;

  // A plain transfer of an amount no invoice holds; USDC sent with the EUR invoice's reference;
  // and dust.
  const plain = await sendFrom5(token, plainTransferData(DEMO_STORE_ADDRESS, 7_654_321n));
  const otherCurrency = await sendFrom5(
    token,
    transferCalldata(DEMO_STORE_ADDRESS, 5_000_000n, euros.payment_options[0]!.reference as Hex),
  );
  const dust = await sendFrom5(token, plainTransferData(DEMO_STORE_ADDRESS, 5n));

  // The watcher records each within seconds; the merchant API lists them.
  await expect
    .poll(
      async () =>
        (await listed(page))
          .filter((payment) => [plain, otherCurrency, dust].includes(payment.tx_hash as Hex))
          .map((payment) => [payment.tx_hash, payment.reason, payment.invoice])
          .sort(),
      WATCHER_TIMEOUT,
    )
    .toEqual(
      [
        [plain, "no_invoice", null],
        [otherCurrency, "other_currency", euros.id],
        [dust, "below_minimum", null],
      ].sort(),
    );

  await signInByApi(page, devAccount(9));
  await page.goto("/dashboard/invoices");
  await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link", { name: "Unmatched" })
    .click();
  await expect(page.getByRole("heading", { name: "Unmatched payments", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/Unmatched payments/);

  // Ready to refund: amount and token, why, chain, who sent it, the transaction.
  const wrongAmount = row(page, plain);
  await expect(wrongAmount.getByTestId("unmatched-amount")).toHaveText("7.654321 USDC");
  await expect(wrongAmount.getByTestId("unmatched-reason")).toHaveText("No matching invoice");
  await expect(wrongAmount).toContainText("Local chain");
  await expect(wrongAmount.getByTestId("unmatched-from")).toHaveText(payer);
  await expect(wrongAmount.getByRole("button", { name: `Copy sender ${payer}` })).toBeVisible();
  await expect(wrongAmount.getByRole("link")).toHaveCount(0);

  const wrongCurrency = row(page, otherCurrency);
  await expect(wrongCurrency.getByTestId("unmatched-amount")).toHaveText("5.00 USDC");
  await expect(wrongCurrency.getByTestId("unmatched-reason")).toHaveText(
    "Paid in another currency",
  );
  await expect(wrongCurrency.getByRole("link", { name: euros.id })).toBeVisible();
  await expect(wrongCurrency).toContainText(
    "named an invoice in another currency, but paid in USDC (USD)",
  );

  // Dust waits behind the toggle.
  await expect(row(page, dust)).toHaveCount(0);
  expect(pageErrors).toEqual([]);
  await screenshotsOf(page, "dashboard-unmatched-01-list");

  await page.getByLabel(/Show dust/).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/dust=show/);
  await expect(row(page, dust).getByTestId("unmatched-reason")).toHaveText("Dust");
  await expect(row(page, dust).getByTestId("unmatched-amount")).toHaveText("0.000005 USDC");
  // No copy-the-sender button on dust: a look-alike address is what dust is often sent for.
  await expect(row(page, dust).getByRole("button", { name: /Copy sender/ })).toHaveCount(0);
  await expect(row(page, plain)).toHaveCount(1);
  await screenshotsOf(page, "dashboard-unmatched-02-with-dust");

  await page
    .getByLabel("Reason", { exact: true })
    .selectOption({ label: "Paid in another currency" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/reason=other_currency/);
  await expect(row(page, otherCurrency)).toHaveCount(1);
  await expect(row(page, plain)).toHaveCount(0);
  await expect(row(page, dust)).toHaveCount(0);
  for (const reason of await page.getByTestId("unmatched-payment").all()) {
    await expect(reason).toHaveAttribute("data-reason", "other_currency");
  }

  // The invoice the transfer named lists it under "Payments not credited".
  await row(page, otherCurrency).getByRole("link", { name: euros.id }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/invoices/${euros.id}$`));
  const notCredited = page.getByRole("region", { name: "Payments not credited" });
  await expect(notCredited).toBeVisible();
  await expect(row(page, otherCurrency)).toHaveCount(1);
  await expect(notCredited.getByTestId("unmatched-amount")).toHaveText("5.00 USDC");
  await expect(notCredited.getByTestId("unmatched-from")).toHaveText(payer);
  await expect(page.getByTestId("invoice-status")).toHaveText("Open");
  await expect(page.getByTestId("amount-paid")).toHaveText("€0.00");
  await expect(page.getByTestId("timeline-event")).toHaveText([
    /Invoice created/,
    /Payment not credited/,
  ]);
  await screenshotsOf(page, "dashboard-unmatched-03-invoice");

  // An invoice no transfer named has no such section.
  await page.goto(`/dashboard/invoices/${dollars.id}`);
  await expect(page.getByRole("heading", { name: "Payments", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Payments not credited" })).toHaveCount(0);

  // A bad filter in the URL is explained, not a crash.
  await page.goto("/dashboard/unmatched?reason=lost");
  await expect(page.getByRole("alert").filter({ hasText: "Invalid reason" })).toBeVisible();
  expect(pageErrors).toEqual([]);
});
