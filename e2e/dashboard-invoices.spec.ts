import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { type Address, createWalletClient, defineChain, type Hex, http } from "viem";
import type { PaymentOption } from "../lib/invoices/paymentOptions";
import { parseDecimal } from "../lib/money/decimal";
import { expectAccessible } from "./a11y";
import { signInByApi } from "./dashboard";
import { LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import { createInvoice, devAccount, getInvoice, publicClient, rpcUrl, screenshot } from "./helpers";

const CHAIN_TIMEOUT = { timeout: 30_000 };
const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

// Uncaught errors in the page fail the test.
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
});
test.afterEach(() => {
  expect(pageErrors, "uncaught errors in the page").toEqual([]);
});

/** Pays an option in full from a dev account the way a wallet does, and tells the server. */
async function payInvoice(page: Page, invoiceId: string, option: PaymentOption, account: number) {
  const payer = createWalletClient({
    account: devAccount(account),
    chain,
    transport: http(rpcUrl),
  });
  // The option's own transaction: transfer(recipient, amount) with the invoice reference appended.
  const hash = await payer.sendTransaction({
    to: option.transaction.to as Address,
    data: option.transaction.data as Hex,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  const posted = await page.request.post(`/api/checkout/${invoiceId}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: hash },
  });
  expect(posted.ok(), await posted.text()).toBe(true);
  return hash;
}

/** Base units (18 decimals) of a "1,234.50" figure in the overview's table. */
function figure(text: string | null): bigint {
  return parseDecimal((text ?? "0").replaceAll(",", "").trim() || "0", 18);
}

/** Light and dark, desktop and 375 px wide: four screenshots of the page as it stands. */
async function screenshotsOf(page: Page, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, `${name}-desktop-${colorScheme}`);
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, `${name}-375-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const today = () => new Date().toISOString().slice(0, 10);

test("Demo Store's owner creates an invoice from the form, finds it, sees it paid in the overview, and exports it", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signInByApi(page, devAccount(9));
  const orderId = `e2e-${Date.now()}`;

  // The form: a refused amount is explained next to the field, and nothing is created.
  await page.goto("/dashboard/invoices/new");
  await expect(page.getByRole("heading", { name: "New invoice" })).toBeVisible();
  await page.getByLabel("Amount", { exact: true }).fill("24.005");
  await page.getByLabel(/^Order id/).fill(orderId);
  await page.getByRole("button", { name: "Create invoice" }).click();
  const amountError = page.locator("#amount-error");
  await expect(amountError).toHaveText("Invalid amount: must have at most 2 decimal places.");
  await expect(page.getByLabel("Amount", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Amount", { exact: true })).toBeFocused();
  await expectAccessible(page, "new invoice with an error");

  // Items that do not add up are refused at the items.
  await page.getByLabel("Amount", { exact: true }).fill("24.00");
  await page.getByLabel(/^Description/).fill("Two bags of coffee");
  await page.getByLabel("Expires in", { exact: true }).selectOption({ label: "1 hour" });
  await page.getByRole("button", { name: "Add a line item" }).click();
  await page.getByLabel("Name of item 1", { exact: true }).fill("Coffee, 250 g");
  await page.getByLabel("Quantity of item 1", { exact: true }).fill("2");
  await page.getByLabel("Unit amount of item 1", { exact: true }).fill("11.00");
  await page.getByRole("button", { name: "Create invoice" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Invalid items: the items' quantities times unit amounts must add up to amount.",
  );
  await screenshotsOf(page, "dashboard-invoices-01-new-error");

  await page.getByLabel("Unit amount of item 1", { exact: true }).fill("12.00");
  await page.getByRole("button", { name: "Create invoice" }).click();
  const created = page.getByTestId("invoice-created");
  await expect(created).toBeVisible();
  await expect(created.getByRole("heading", { name: "Invoice created" })).toBeFocused();
  const checkoutUrl = await page.getByTestId("checkout-link").textContent();
  const invoiceId = checkoutUrl!.split("/pay/")[1]!;
  expect(invoiceId).toMatch(/^inv_/);
  await expectAccessible(page, "invoice created");
  await screenshotsOf(page, "dashboard-invoices-02-created");
  const apiView = await getInvoice(request, invoiceId);
  expect(apiView).toMatchObject({
    amount: "24.00",
    currency: "USD",
    order_id: orderId,
    description: "Two bags of coffee",
    items: [{ name: "Coffee, 250 g", quantity: 2, unit_amount: "12.00" }],
    status: "open",
  });
  expect(Date.parse(apiView.expires_at) - Date.parse(apiView.created_at)).toBe(3600_000);

  // A few more invoices so the list has something to page and filter.
  // The first is over a thousand: the list groups its digits as the checkout does.
  for (let i = 0; i < 3; i++) {
    await createInvoice(request, {
      amount: i === 0 ? "1234.50" : `${i + 1}.00`,
      currency: "USD",
      order_id: `${orderId}-x${i}`,
    });
  }

  // Found by order id in the list.
  await page.goto("/dashboard/invoices");
  await page.getByLabel("Invoice id or order id", { exact: true }).fill(orderId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${orderId}`));
  const rows = page.getByTestId("invoice-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: `${orderId}-x0` })).toContainText("$1,234.50");
  await page.getByLabel("Invoice id or order id", { exact: true }).fill(invoiceId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("$24.00");
  await expect(rows.first()).toContainText("Open");
  await expect(rows.first().getByRole("link", { name: invoiceId })).toHaveAttribute(
    "href",
    `/dashboard/invoices/${invoiceId}`,
  );

  // The overview before the payment.
  await page.goto("/dashboard");
  const paidBefore = Number(
    await page.getByTestId("count-paid").locator("span").nth(1).textContent(),
  );
  const todayCell = async () => {
    const table = page.getByTestId("receipts-table-USD");
    if ((await table.count()) === 0) return 0n;
    const header = await table.locator("thead th").allTextContents();
    const column = header.indexOf("USDC on Local chain");
    if (column < 0) return 0n;
    const row = table
      .locator("tbody tr")
      .filter({ has: page.getByRole("rowheader", { name: today(), includeHidden: true }) });
    return figure(await row.locator("th, td").nth(column).textContent());
  };
  const receivedBefore = await todayCell();

  const hash = await payInvoice(
    page,
    invoiceId,
    apiView.payment_options.find((o) => o.token.symbol === "USDC")!,
    4,
  );
  await expect
    .poll(async () => (await getInvoice(request, invoiceId)).status, CHAIN_TIMEOUT)
    .toBe("paid");

  // Overview: one more paid, 24.00 more USDC today, the payment first in the latest payments.
  await page.goto("/dashboard");
  await expect(page.getByTestId("count-paid").locator("span").nth(1)).toHaveText(
    String(paidBefore + 1),
  );
  const chart = page.getByTestId("receipts-chart-USD");
  await expect(chart).toBeVisible();
  await expect(chart.getByText("Days are in UTC.")).toBeVisible();
  await expect(chart.getByRole("img", { name: /Money received per UTC day in USD/ })).toBeVisible();
  await expect(chart.getByRole("list", { name: "Legend" })).toContainText("USDC on Local chain");
  await chart.getByText("Show the numbers as a table").click();
  expect((await todayCell()) - receivedBefore).toBe(24n * 10n ** 18n);
  const latest = page.getByTestId("latest-payments").locator("tbody tr").first();
  await expect(latest).toContainText("24.00 USDC");
  await expect(latest).toContainText("Local chain");
  await expect(latest.getByRole("link", { name: invoiceId })).toHaveAttribute(
    "href",
    `/dashboard/invoices/${invoiceId}`,
  );
  await expectAccessible(page, "overview");

  // On a phone: every column of the latest payments in sight (cards, no sideways scroll), the
  // chart's day labels inside the chart, and each day of the table on one line.
  await page.setViewportSize({ width: 375, height: 812 });
  await latest.scrollIntoViewIfNeeded();
  await expect(latest.getByText("Local chain")).toBeInViewport({ ratio: 1 });
  const link = latest.getByRole("link", { name: invoiceId });
  await expect(link).toBeInViewport({ ratio: 1 });
  expect((await link.boundingBox())!.x + (await link.boundingBox())!.width).toBeLessThanOrEqual(
    375,
  );
  const drawing = chart.getByRole("img", { name: /Money received per UTC day in USD/ });
  await expect(drawing).toBeVisible();
  const clipped = await drawing.evaluate((svg) => {
    const bounds = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")]
      .filter((text) => {
        const box = text.getBoundingClientRect();
        return box.left < bounds.left || box.right > bounds.right;
      })
      .map((text) => text.textContent);
  });
  expect(clipped, "chart labels cut off at 375 px").toEqual([]);
  const dayCell = page.getByTestId("receipts-table-USD").getByRole("rowheader").first();
  const lineHeight = await dayCell.evaluate((cell) =>
    Number.parseFloat(getComputedStyle(cell).lineHeight),
  );
  expect((await dayCell.boundingBox())!.height).toBeLessThan(lineHeight * 2);
  await expectAccessible(page, "overview, phone");
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshotsOf(page, "dashboard-invoices-03-overview");

  // The list says paid, and the paid filter shows it.
  await page.goto(`/dashboard/invoices?status=paid&q=${orderId}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Paid");
  await page.goto("/dashboard/invoices");
  await expectAccessible(page, "invoice list");
  await screenshotsOf(page, "dashboard-invoices-04-list");

  // A reversed range is caught before anything is downloaded.
  await page.getByLabel("From", { exact: true }).fill(today());
  await page.getByLabel("To", { exact: true }).fill("2020-01-01");
  await page.getByRole("button", { name: "Download CSV" }).click();
  await expect(page.locator("#export-error")).toHaveText(
    "The end day must not be before the start day.",
  );
  await expectAccessible(page, "export error");

  // The CSV of today: our invoice, paid, with its transaction.
  await page.getByLabel("To", { exact: true }).fill(today());
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`invoices-${today()}-to-${today()}.csv`);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "id,created_at,status,exception,currency,amount,amount_paid,amount_refunded,order_id,description,paid_at,payment_tx_hashes",
  );
  const ours = lines.filter((line) => line.includes(orderId));
  expect(ours).toHaveLength(4);
  const record = ours.find((line) => line.startsWith(invoiceId))!.split(",");
  expect(record.slice(0, 3)).toEqual([invoiceId, apiView.created_at, "paid"]);
  expect(record.slice(4, 10)).toEqual([
    "USD",
    "24.00",
    "24.00",
    "0.00",
    orderId,
    "Two bags of coffee",
  ]);
  expect(record[11]).toBe(hash);
});
