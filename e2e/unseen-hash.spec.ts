import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expectAccessible } from "./a11y";
import { LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import { checkoutPath, createInvoice, getInvoice, rpcUrl, screenshot } from "./helpers";

const CHAIN_TIMEOUT = { timeout: 30_000 };
const WAITING = "Transaction sent: waiting for the network to see it.";
const PAY_ANOTHER_WAY = "Still waiting? Pay another way";

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

/** An invoice a stranger posted a random hash for: the chain's node has never heard of it. */
async function invoiceWithUnseenHash(request: APIRequestContext) {
  const invoice = await createInvoice(request, { amount: "7.25", currency: "USD" });
  const txHash = `0x${randomBytes(32).toString("hex")}`;
  const posted = await request.post(`/api/checkout/${invoice.id}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: txHash },
  });
  expect(posted.status(), await posted.text()).toBe(202);
  const body = (await posted.json()) as {
    invoice: { submissions: { tx_hash: string; status: string }[] };
  };
  expect(body.invoice.submissions).toMatchObject([{ tx_hash: txHash, status: "unseen" }]);
  return { invoice, txHash };
}

/**
 * The page waits on the unseen hash without inviting a second payment, then, after its grace,
 * offers to pay another way, and paying is possible again.
 */
async function waitThenPayAnotherWay(page: Page, request: APIRequestContext, device: string) {
  const { invoice, txHash } = await invoiceWithUnseenHash(request);
  // The page's clock, to jump over the grace instead of sleeping through it.
  await page.clock.install();
  await page.goto(checkoutPath(invoice));

  const stepper = page.getByTestId("stepper");
  await expect(stepper).toHaveAttribute("data-step", "sent");
  await expect(stepper).toContainText(WAITING);
  await expect(stepper).toContainText(txHash.slice(0, 10));
  const connect = page.getByRole("button", { name: "Connect wallet" });
  const payAnotherWay = page.getByRole("button", { name: PAY_ANOTHER_WAY });
  await expect(connect).toBeHidden();
  await expect(page.getByRole("tab", { name: "Other wallet or exchange" })).toBeHidden();
  await expect(payAnotherWay).toBeHidden();
  await expectAccessible(page, `unseen hash, waiting, ${device}`);
  await screenshot(page, `${device === "phone" ? "60-phone" : "63"}-unseen-waiting`);

  await page.clock.fastForward("00:16");
  await expect(payAnotherWay).toBeVisible();
  // Still a wait, not a failure: nothing says the payment went wrong.
  await expect(stepper).toContainText(WAITING);
  await expect(page.getByTestId("submission-problems")).toHaveCount(0);
  await expect(connect).toBeHidden();
  await expectAccessible(page, `unseen hash, grace over, ${device}`);
  await screenshot(page, `${device === "phone" ? "61-phone" : "64"}-unseen-still-waiting`);

  await payAnotherWay.click();
  await expect(payAnotherWay).toBeHidden();
  await expect(stepper).toHaveAttribute("data-step", "awaiting");
  await expect(connect).toBeVisible();
  await expect(page.getByRole("radio", { name: /USDC/ })).toBeFocused();
  await expect(page.getByTestId("token-amount")).toHaveText("7.25 USDC on Local chain");
  await expectAccessible(page, `unseen hash set aside, ${device}`);
  await screenshot(page, `${device === "phone" ? "62-phone" : "65"}-unseen-pay-another-way`);

  await page.getByRole("tab", { name: "Other wallet or exchange" }).click();
  await expect(page.getByText("Amount, exactly")).toBeVisible();
  // A hint holds nothing on the server either.
  expect((await getInvoice(request, invoice.id)).status).toBe("open");
}

test.describe("on a 375 px phone", () => {
  test.use({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

  test("a hash the chain does not know waits briefly, then lets the shopper pay", async ({
    page,
    request,
  }) => {
    await waitThenPayAnotherWay(page, request, "phone");
  });
});

test("on a desktop, a hash the chain does not know waits briefly, then lets the shopper pay", async ({
  page,
  request,
}) => {
  await waitThenPayAnotherWay(page, request, "desktop");
});

test("a transaction the server could not record is on its way, not a failed payment", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "2.75", currency: "USD" });
  // The server turns the page's hash away: too many from this address are still waiting.
  await page.route(`**/api/checkout/${invoice.id}/payments`, (route) =>
    route.fulfill({
      status: 429,
      json: {
        error: {
          type: "rate_limit_error",
          code: "too_many_pending_payments",
          message: "Too many transactions posted from here are still waiting to be mined.",
        },
      },
    }),
  );
  await page.goto(checkoutPath(invoice));
  await page.getByRole("button", { name: "Use the demo wallet" }).click();
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click(CHAIN_TIMEOUT);
  const pay = page.getByRole("button", { name: "Pay 2.75 USDC" });
  await expect(pay).toBeEnabled(CHAIN_TIMEOUT);

  // Blocks stop being mined, so the transaction waits in the pool while the page is looked at.
  await rpc("evm_setAutomine", [false]);
  try {
    await pay.click();
    const stepper = page.getByTestId("stepper");
    await expect(stepper).toContainText(
      "Your transaction is on its way; this page updates once it is mined, so keep it open.",
      CHAIN_TIMEOUT,
    );
    await expect(stepper).toHaveAttribute("data-step", "sent");
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    await expect(pay).toBeHidden();
    await expectAccessible(page, "transaction not recorded, on its way");
    await screenshot(page, "66-unrecorded-on-its-way");
    await rpc("evm_mine");
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  // The watcher finds the mined transfer by itself, and the page learns it.
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
});
