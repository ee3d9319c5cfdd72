import { type APIRequestContext, devices, type Page } from "@playwright/test";
import { type Address, createWalletClient, type Hex, http } from "viem";
import { expectAccessible } from "./a11y";
import { BASE_URL, DEMO_API_KEY, LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import { createInvoice, devAccount, getInvoice, publicClient, rpcUrl, screenshot } from "./helpers";

const auth = { authorization: `Bearer ${DEMO_API_KEY}` };

type ApiLink = { id: string; url: string; created_at: string };

async function createLink(request: APIRequestContext, data: Record<string, unknown>) {
  const created = await request.post("/api/v1/payment-links", {
    headers: auth,
    data: { currency: "USD", ...data },
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()) as ApiLink;
}

/** The ids of the invoices this link issued, as the merchant API lists them (newest first). */
async function linkInvoices(request: APIRequestContext, link: ApiLink): Promise<string[]> {
  const found: string[] = [];
  let after: string | undefined;
  for (;;) {
    const response = await request.get(
      `/api/v1/invoices?limit=100${after ? `&starting_after=${after}` : ""}`,
      { headers: auth },
    );
    expect(response.status()).toBe(200);
    const page = (await response.json()) as {
      data: { id: string; payment_link: string | null; created_at: string }[];
      has_more: boolean;
    };
    for (const invoice of page.data) {
      if (invoice.payment_link === link.id) found.push(invoice.id);
    }
    const last = page.data.at(-1);
    // Newest first: nothing older than the link can be one of its invoices.
    if (!page.has_more || !last || last.created_at < link.created_at) return found;
    after = last.id;
  }
}

const invoiceOf = (page: Page) => page.url().match(/\/pay\/(inv_[0-9a-z]+)/)?.[1];

test("opening a fixed-amount link issues nothing; its button issues one, which the same browser finds again", async ({
  page,
  request,
  browser,
}) => {
  const link = await createLink(request, { amount: "19.00", description: "Monthly pass" });
  const path = new URL(link.url).pathname;

  // Opening, HEAD and every kind of prefetch read the link and create nothing.
  const opened = await request.get(path);
  expect(opened.status()).toBe(200);
  expect(await opened.text()).toContain("Continue to payment");
  expect((await request.head(path)).status()).toBe(200);
  const prefetches: Record<string, string>[] = [
    { "sec-purpose": "prefetch" },
    { "sec-purpose": "prefetch;prerender" },
    { purpose: "prefetch" },
    { "next-router-prefetch": "1", rsc: "1" },
    { "x-moz": "prefetch" },
  ];
  for (const headers of prefetches) {
    expect((await request.get(path, { headers })).status()).toBe(200);
  }
  // A speculation-rules prerender from another page of the app, then the page itself with its
  // scripts run (what a prerender would run).
  await page.goto("/l/plink_00000000000000000000000000");
  await page.evaluate((url) => {
    const rules = document.createElement("script");
    rules.type = "speculationrules";
    rules.textContent = JSON.stringify({ prerender: [{ source: "list", urls: [url] }] });
    document.head.append(rules);
  }, path);
  await page.goto(`${path}?lang=es`);
  await expect(page.getByTestId("link-amount")).toContainText("$19.00");
  await expect(page.getByText("Monthly pass")).toBeVisible();
  await expect(page.getByText("Demo Store")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.reload();
  await page.waitForLoadState("networkidle");
  expect(await linkInvoices(request, link)).toEqual([]);
  await expectAccessible(page, "fixed-amount link");
  await screenshot(page, "20a-link-fixed");

  // The button issues exactly one invoice and lands on its checkout, the query kept.
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/pay\/inv_[0-9a-z]+\?lang=es$/);
  const first = invoiceOf(page)!;
  await expect(page.getByTestId("invoice-amount")).toContainText("19,00");
  expect(await linkInvoices(request, link)).toEqual([first]);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === `link_${link.id}`);
  expect(cookie).toMatchObject({
    value: first,
    path: path,
    httpOnly: true,
    sameSite: "Lax",
  });

  // Back in the same browser: the same invoice, offered again, and nothing new.
  await page.goto(path);
  await expect(page.getByTestId("link-resume-note")).toBeVisible();
  await screenshot(page, "20b-link-fixed-returning");
  await page.getByRole("link", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(new RegExp(`/pay/${first}$`));
  await page.goBack();
  await expect(page.getByTestId("link-resume-note")).toBeVisible();
  expect(await linkInvoices(request, link)).toEqual([first]);

  // Another browser (a phone) gets its own.
  const phone = await browser.newContext({ ...devices["Pixel 7"] });
  const other = await phone.newPage();
  await other.goto(path);
  await expect(other.getByTestId("link-resume-note")).toHaveCount(0);
  await screenshot(other, "20c-link-fixed-phone");
  await other.getByRole("button", { name: "Continue to payment" }).click();
  await expect(other).toHaveURL(/\/pay\/inv_/);
  const second = invoiceOf(other)!;
  expect(second).not.toBe(first);
  await phone.close();
  expect((await linkInvoices(request, link)).sort()).toEqual([first, second].sort());
});

test("a paid invoice is not offered again, nor an invoice a forged cookie names", async ({
  page,
  request,
}) => {
  const link = await createLink(request, { amount: "1.10", description: "Coffee" });
  const path = new URL(link.url).pathname;
  await page.goto(path);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/pay\/inv_/);
  const paidId = invoiceOf(page)!;

  // Paid from a wallet outside the page: the option's own transaction, its hash posted.
  const option = (await getInvoice(request, paidId)).payment_options.find(
    (candidate) => candidate.token.symbol === "USDC",
  )!;
  const payer = createWalletClient({ account: devAccount(5), transport: http(rpcUrl) });
  const hash = await payer.sendTransaction({
    chain: null,
    to: option.transaction.to as Address,
    data: option.transaction.data as Hex,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  await request.post(`/api/checkout/${paidId}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: hash },
  });
  await expect
    .poll(async () => (await getInvoice(request, paidId)).status, { timeout: 30_000 })
    .toBe("paid");

  await page.goto(path);
  await expect(page.getByTestId("link-resume-note")).toHaveCount(0);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/pay\/inv_/);
  const next = invoiceOf(page)!;
  expect(next).not.toBe(paidId);

  // A cookie naming another link's open invoice is ignored: this link issues its own.
  const otherLink = await createLink(request, { amount: "1.10" });
  const foreign = await createInvoice(request, { amount: "1.10", currency: "USD" });
  const context = await page.context().browser()!.newContext();
  await context.addCookies(
    [foreign.id, "inv_00000000000000000000000000"].map((value, index) => {
      const target = index === 0 ? path : new URL(otherLink.url).pathname;
      return { name: `link_${target.split("/").pop()}`, value, url: `${BASE_URL}${target}` };
    }),
  );
  const forged = await context.newPage();
  await forged.goto(path);
  await expect(forged.getByTestId("link-resume-note")).toHaveCount(0);
  await forged.getByRole("button", { name: "Continue to payment" }).click();
  await expect(forged).toHaveURL(/\/pay\/inv_/);
  expect(invoiceOf(forged)).not.toBe(foreign.id);
  expect((await getInvoice(request, invoiceOf(forged)!)).payment_link).toBe(link.id);
  await context.close();
  expect((await linkInvoices(request, link)).length).toBe(3);
});

test("an open-amount link asks the shopper for the amount, refusing a bad one", async ({
  page,
  request,
}) => {
  const link = await (
    await request.post("/api/v1/payment-links", {
      headers: auth,
      data: { amount: null, currency: "USD", description: "Tip the barista" },
    })
  ).json();
  await page.goto(new URL(link.url).pathname);
  await expect(page.getByRole("heading", { name: "Tip the barista" })).toBeVisible();
  await screenshot(page, "20-link-amount");
  await page.getByLabel("Amount (USD)").fill("2.505");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "decimal" })).toBeVisible();
  await screenshot(page, "21-link-amount-error");
  await page.getByLabel("Amount (USD)").fill("3.50");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/pay\/inv_/);
  await expect(page.getByTestId("invoice-amount")).toContainText("$3.50");
});

test("a deactivated link shows a clear page, and an unknown one a not-found page", async ({
  page,
  request,
}) => {
  const link = await (
    await request.post("/api/v1/payment-links", {
      headers: auth,
      data: { amount: "5.00", currency: "USD" },
    })
  ).json();
  await request.post(`/api/v1/payment-links/${link.id}`, {
    headers: auth,
    data: { active: false },
  });
  const response = await page.goto(new URL(link.url).pathname);
  expect(response?.status()).toBe(200);
  await expect(
    page.getByRole("heading", { name: "This payment link is no longer active" }),
  ).toBeVisible();
  await screenshot(page, "22-link-inactive");
  const missing = await page.goto("/l/plink_00000000000000000000000000");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Payment link not found" })).toBeVisible();
});

test("the API reference page renders the OpenAPI document", async ({ page, request }) => {
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Create an invoice" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Update a payment link" })).toBeVisible();
  await screenshot(page, "23-api-reference");
});

test("public endpoints are limited per client address, and a forged X-Forwarded-For does not escape it", async ({
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "1.00", currency: "USD" });
  // Sent at once, so that the budget (5 a second, bursts of 30) cannot refill between them however
  // slow the machine; each with another forged X-Forwarded-For, which must not matter.
  const gets = Array.from({ length: 70 }, (_, i) =>
    request.get(`/api/checkout/${invoice.id}`, {
      headers: { "x-forwarded-for": `198.51.100.${i}`, "x-client-address": `203.0.113.${i}` },
    }),
  );
  // One budget per address for the whole app, not one per route: another endpoint, asked last,
  // is limited too (on a budget of its own, these 10 would all be answered).
  const posts = Array.from({ length: 10 }, () =>
    request.post(`/api/checkout/${invoice.id}/payments`, { data: {} }),
  );
  const answers = await Promise.all([...gets, ...posts]);
  const statuses = answers.map((response) => response.status());
  expect(statuses.slice(0, 70)).toContain(429);
  expect(statuses.slice(70)).toContain(429);
  for (const response of answers.filter((answer) => answer.status() === 429)) {
    expect(Number(response.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  }
  // Let the bucket fill again so later tests from this address are not limited.
  await expect
    .poll(async () => (await request.get(`/api/checkout/${invoice.id}`)).status(), {
      timeout: 15_000,
      intervals: [1000],
    })
    .toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 7000));
});
