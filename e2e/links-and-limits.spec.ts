import { DEMO_API_KEY } from "./env";
import { expect, test } from "./fixtures";
import { createInvoice, screenshot } from "./helpers";

const auth = { authorization: `Bearer ${DEMO_API_KEY}` };

test("a fixed-amount payment link opens a fresh checkout on every visit", async ({
  page,
  request,
}) => {
  const created = await request.post("/api/v1/payment-links", {
    headers: auth,
    data: { amount: "19.00", currency: "USD", description: "Monthly pass" },
  });
  expect(created.status()).toBe(201);
  const link = await created.json();
  await page.goto(new URL(link.url).pathname);
  await expect(page).toHaveURL(/\/pay\/inv_/);
  await expect(page.getByTestId("invoice-amount")).toContainText("$19.00");
  await expect(page.getByText("Monthly pass")).toBeVisible();
  const first = page.url();
  await page.goto(new URL(link.url).pathname);
  await expect(page).toHaveURL(/\/pay\/inv_/);
  expect(page.url()).not.toBe(first);
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
  const statuses: number[] = [];
  for (let i = 0; i < 45; i++) {
    const response = await request.get(`/api/checkout/${invoice.id}`, {
      headers: { "x-forwarded-for": `198.51.100.${i}`, "x-client-address": `203.0.113.${i}` },
    });
    statuses.push(response.status());
    if (response.status() === 429) {
      expect(Number(response.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    }
  }
  expect(statuses).toContain(429);
  // One budget per address for the whole app, not one per route: another endpoint is limited too.
  const other = await request.post(`/api/checkout/${invoice.id}/payments`, { data: {} });
  expect(other.status()).toBe(429);
  // Let the bucket fill again so later tests from this address are not limited.
  await expect
    .poll(async () => (await request.get(`/api/checkout/${invoice.id}`)).status(), {
      timeout: 15_000,
      intervals: [1000],
    })
    .toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 7000));
});
