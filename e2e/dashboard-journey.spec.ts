import { startWebhookReceiver } from "../lib/tooling/testing/webhookReceiver";
import { expectAccessible } from "./a11y";
import { expect, test } from "./fixtures";
import { devAccount, rpcUrl, screenshot } from "./helpers";
import { installTestWallet } from "./wallet";

const CHAIN_TIMEOUT = { timeout: 30_000 };

/**
 * The merchant's whole day in one journey, with real wallets on both sides: sign in with the
 * injected wallet, add a webhook endpoint, create a payment link, a shopper pays it in another
 * browser context, the payment shows on the overview and in the chart, the merchant refunds it,
 * and the webhook log shows both deliveries.
 */
test("sign in, sell through a payment link, see the money arrive, refund it, see the webhooks", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const receiver = await startWebhookReceiver();
  try {
    // Sign in with the injected wallet of Demo Store's owner (dev account 9).
    const merchantWallet = await installTestWallet(page, { accountIndex: 9, rpcUrl });
    await page.goto("/dashboard");
    await page.getByRole("button", { name: "Connect wallet to sign in" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Test Wallet/ })
      .click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Sign message/ })
      .click();
    await expect(page.getByTestId("merchant-name")).toHaveText("Demo Store", CHAIN_TIMEOUT);
    expect(merchantWallet.requestsOf("personal_sign")).toHaveLength(1);

    // A webhook endpoint for every event, pointing at a receiver that verifies signatures.
    await page.getByRole("link", { name: "Developers" }).click();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("button", { name: "Add endpoint" }).last().click();
    const secret = page.getByTestId("new-webhook-secret");
    await expect(secret).toHaveText(/^whsec_/);
    receiver.setSecret((await secret.textContent())!);

    // A payment link for 7.00 USD.
    const description = `Journey tote bag ${Date.now().toString(36)}`;
    await page.getByRole("link", { name: "Payment links" }).click();
    await expect(page.getByRole("heading", { name: "Payment links", level: 1 })).toBeVisible();
    const newLink = page.getByRole("button", { name: "New link" });
    if (await newLink.isVisible()) await newLink.click();
    await page.getByLabel("Amount", { exact: true }).fill("7.00");
    await page.getByLabel("Description").fill(description);
    await page.getByRole("button", { name: "Create link" }).click();
    await expect(page.getByRole("heading", { name: description, level: 1 })).toBeVisible();
    const linkId = page.url().match(/plink_[0-9a-z]+/)![0];

    // A shopper, in another browser context with their own wallet, pays it.
    const shopperContext = await browser.newContext();
    const shopper = await shopperContext.newPage();
    const shopperWallet = await installTestWallet(shopper, { accountIndex: 2, rpcUrl });
    await shopper.goto(`/l/${linkId}`);
    await shopper.getByRole("button", { name: "Continue to payment" }).click();
    await expect(shopper).toHaveURL(/\/pay\/inv_[0-9a-z]+/);
    const invoiceId = shopper.url().match(/inv_[0-9a-z]+/)![0];
    await shopper.getByRole("button", { name: "Connect wallet" }).click();
    await shopper
      .getByRole("dialog")
      .getByRole("button", { name: /Test Wallet/ })
      .click();
    await expect(shopper.getByRole("dialog")).toBeHidden(CHAIN_TIMEOUT);
    await shopper.getByRole("button", { name: "Pay with a transaction instead" }).click();
    await shopper.getByRole("button", { name: "Pay 7.00 USDC" }).click();
    await expect(shopper.getByTestId("paid")).toBeVisible(CHAIN_TIMEOUT);
    expect(shopperWallet.sentTransactions).toHaveLength(1);
    await shopperContext.close();

    // The overview: the payment first among the latest, and today's bar in the chart.
    await page.getByRole("link", { name: "Overview" }).click();
    const latest = page.getByTestId("latest-payments").locator("tbody tr").first();
    await expect(latest).toContainText("7.00 USDC");
    await expect(latest.getByRole("link", { name: invoiceId })).toBeVisible();
    const chart = page.getByTestId("receipts-chart-USD");
    await expect(chart.getByRole("list", { name: "Legend" })).toContainText("USDC on Local chain");
    await chart.getByText("Show the numbers as a table").click();
    const today = new Date().toISOString().slice(0, 10);
    await expect(
      page.getByTestId("receipts-table-USD").getByRole("rowheader", { name: today }),
    ).toBeVisible();
    await screenshot(page, "dashboard-journey-01-overview");
    await expectAccessible(page, "overview after a payment");

    // Refund it in full from the invoice's page, signed by the merchant's wallet.
    await latest.getByRole("link", { name: invoiceId }).click();
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    // The wallet that signed in is still connected: the panel goes straight to the refund.
    await expect(page.getByTestId("refund-wallet")).toHaveText(merchantWallet.address);
    await expect(page.getByLabel(/^Amount/)).toHaveValue("7.00");
    await page.getByRole("button", { name: "Refund USDC" }).click();
    await expect(page.getByTestId("refund-status")).toHaveText("Refunded", CHAIN_TIMEOUT);
    await screenshot(page, "dashboard-journey-02-refunded");

    // The webhook log: the invoice's events delivered, the refund among them.
    await page.getByRole("link", { name: "Developers" }).click();
    await page
      .getByRole("link", { name: `Deliveries & settings of ${receiver.url}` })
      .first()
      .click();
    const rows = page.getByTestId("delivery-row");
    for (const type of ["invoice.created", "invoice.paid", "invoice.refunded"]) {
      const row = rows.filter({ hasText: type }).first();
      await expect(row).toHaveAttribute("data-status", "succeeded", CHAIN_TIMEOUT);
    }
    await screenshot(page, "dashboard-journey-03-webhook-log");
    const received = receiver
      .accepted()
      .filter(
        (hook) => (JSON.parse(hook.body) as { data?: { id?: string } }).data?.id === invoiceId,
      )
      .map((hook) => hook.type);
    expect(received).toEqual(
      expect.arrayContaining(["invoice.created", "invoice.paid", "invoice.refunded"]),
    );
    expect(devAccount(9).address).toBe(merchantWallet.address);
  } finally {
    await receiver.close();
  }
});
