import type { Page } from "@playwright/test";
import { startWebhookReceiver } from "../lib/tooling/testing/webhookReceiver";
import { expectAccessible } from "./a11y";
import { signInByApi } from "./dashboard";
import { BASE_URL } from "./env";
import { expect, test } from "./fixtures";
import { devAccount, screenshot } from "./helpers";

/**
 * The Demo Store's owner manages payment links, API keys and webhook endpoints from the
 * dashboard. The demo key other specs use (DEMO_API_KEY) is never touched: this spec makes its own.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };

/** The page at desktop and 375 px wide, light and dark; axe must be clean in each. */
async function shots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["375", PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `developers-${name}-${size}-${scheme}`);
      await expectAccessible(page, `${name} ${size} ${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(DESKTOP);
}

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

test.beforeEach(async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await page.setViewportSize(DESKTOP);
  await signInByApi(page, devAccount(9));
});

test("payment links: create, copy, open (a fresh invoice at checkout), print, deactivate", async ({
  page,
}) => {
  const description = `Yoga class ${Date.now().toString(36)}`;
  await page.goto("/dashboard/links");
  await expect(page.getByRole("heading", { name: "Payment links", level: 1 })).toBeVisible();
  const newLink = page.getByRole("button", { name: "New link" });
  if (await newLink.isVisible()) await newLink.click();

  // Bad input is refused with the field named; nothing is created.
  await page.getByLabel("Amount", { exact: true }).fill("12.345");
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(
    page.locator(`#${await page.getByLabel("Amount", { exact: true }).getAttribute("id")}-error`),
  ).toContainText(/amount/i);
  await screenshot(page, "developers-links-form-error");

  await page.getByLabel("Amount", { exact: true }).fill("12.50");
  await page.getByLabel("Redirect URL (optional)").fill("http://127.0.0.1/thanks");
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(page.getByRole("heading", { name: description, level: 1 })).toBeVisible();
  await expect(page.getByText("Your payment link is ready")).toBeVisible();
  await expect(page.getByText("$12.50 · Created")).toBeVisible();
  const linkId = page.url().match(/plink_[0-9a-z]+/)![0];

  await page.getByRole("button", { name: "Copy link" }).first().click();
  const url = await clipboard(page);
  expect(url).toBe(`${BASE_URL}/l/${linkId}`);
  await page.getByRole("button", { name: "Copy embed snippet" }).click();
  expect(await clipboard(page)).toBe(
    `<script src="${BASE_URL}/embed.js" defer></script>\n<button data-checkout-link="${linkId}">Pay</button>`,
  );
  await expect(page.getByTestId("link-qr").locator("svg")).toBeVisible();
  await shots(page, "link");

  // The list shows it with its amount and state.
  await page.goto("/dashboard/links");
  const row = page.locator(`[data-link-id="${linkId}"]`);
  await expect(row).toContainText("$12.50");
  await expect(row).toContainText("Active");
  await shots(page, "links");

  // Opening the copied link shows what is paid; its button makes the invoice and opens its checkout.
  await page.goto(url);
  await expect(page.getByTestId("link-amount")).toContainText("$12.50");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/pay\/inv_[0-9a-z]+/);
  await expect(page.getByText("12.50").first()).toBeVisible();

  // A printable sheet: store, description, amount and the QR code.
  await page.goto(`/dashboard/links/${linkId}/print`);
  const sheet = page.getByTestId("print-sheet");
  await expect(sheet).toContainText("Demo Store");
  await expect(sheet).toContainText(description);
  await expect(sheet).toContainText("$12.50");
  await expect(sheet.getByTestId("link-qr").locator("svg")).toBeVisible();
  await shots(page, "print");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.locator("header").first()).toBeHidden();
  await screenshot(page, "developers-print-media-print");
  await page.emulateMedia({ media: "screen" });

  // Edit: the shopper enters the amount.
  await page.goto(`/dashboard/links/${linkId}`);
  await page.getByLabel("Shopper enters the amount").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByText("Shopper enters amount (USD) · Created")).toBeVisible();

  // Deactivated, the link tells shoppers so; reactivated, it works again.
  await page
    .getByRole("button", { name: `Deactivate ${description}` })
    .first()
    .click();
  await expect(page.getByText("This link is inactive")).toBeVisible();
  await page.goto(url);
  await expect(
    page.getByRole("heading", { name: "This payment link is no longer active" }),
  ).toBeVisible();
  await page.goto("/dashboard/links");
  await expect(page.locator(`[data-link-id="${linkId}"]`)).toContainText("Inactive");
  await page
    .locator(`[data-link-id="${linkId}"]`)
    .getByRole("button", { name: /Reactivate/ })
    .click();
  await expect(page.locator(`[data-link-id="${linkId}"]`)).toContainText("Active");
  await page.goto(url);
  await expect(page.getByLabel(/amount/i).first()).toBeVisible();

  // Another merchant's link, like an unknown one, is a 404 page in the dashboard.
  expect((await page.goto("/dashboard/links/plink_00000000000000000000000000"))?.status()).toBe(
    404,
  );
  expect(
    (await page.goto("/dashboard/developers/webhooks/we_00000000000000000000000000"))?.status(),
  ).toBe(404);
});

test("API keys: create (shown once), use against the API, revoke: the key gets 401 at once", async ({
  page,
}) => {
  await page.goto("/dashboard/developers");
  await expect(page.getByRole("heading", { name: "Developers", level: 1 })).toBeVisible();
  const label = `E2E key ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("a label must not be empty")).toBeVisible();
  await page.getByLabel("Label").fill(label);
  await page.getByRole("button", { name: "Create key" }).click();
  const secretBox = page.getByTestId("new-api-key");
  await expect(secretBox).toHaveText(/^sk_test_/);
  await expect(page.getByText("you will not see it again")).toBeVisible();
  const secret = (await secretBox.textContent())!;
  await page.getByRole("button", { name: "Copy your new api key" }).click();
  expect(await clipboard(page)).toBe(secret);
  await shots(page, "api-key-created");

  const auth = { authorization: `Bearer ${secret}` };
  const used = await page.request.get("/api/v1/invoices", { headers: auth });
  expect(used.status()).toBe(200);

  // Once dismissed, the secret is gone from the page; the list shows only its prefix.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  const row = page.getByTestId("api-key-row").filter({ hasText: label });
  await expect(row).toContainText("Last used");

  await row.getByRole("button", { name: `Revoke ${label}` }).click();
  await expect(row.getByRole("alertdialog")).toContainText("cannot be undone");
  await screenshot(page, "developers-api-key-revoke-confirm");
  await row.getByRole("button", { name: `Yes, revoke ${label}` }).click();
  await expect(row).toContainText("Revoked");
  const refused = await page.request.get("/api/v1/invoices", { headers: auth });
  expect(refused.status()).toBe(401);
});

test("webhook endpoints: add one pointing at a receiver, send a test event, see it in the log, resend it", async ({
  page,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    await page.goto("/dashboard/developers");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    // Cloud metadata lives at link-local addresses: refused in every mode, on every deployment.
    await page.getByLabel("Endpoint URL").fill("http://169.254.169.254/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).last().click();
    await expect(page.getByText(/link-local or reserved address/)).toBeVisible();

    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Description (optional)").fill("E2E receiver");
    await page.getByRole("button", { name: "Add endpoint" }).last().click();
    const secretBox = page.getByTestId("new-webhook-secret");
    await expect(secretBox).toHaveText(/^whsec_/);
    receiver.setSecret((await secretBox.textContent())!);
    await shots(page, "developers");

    await page
      .getByRole("link", { name: `Deliveries & settings of ${receiver.url}` })
      .first()
      .click();
    await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
    await page.getByRole("button", { name: "Send test event" }).click();
    const delivery = page.getByTestId("delivery-row").first();
    await expect(delivery).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
    await expect(delivery.getByTestId("delivery-response")).toHaveText("200");
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(delivery).toContainText("webhook.test");
    expect(receiver.accepted().map((hook) => hook.type)).toEqual(["webhook.test"]);

    await delivery.getByRole("button", { name: /^Resend webhook\.test/ }).click();
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("2");
    await expect.poll(() => receiver.accepted().length).toBe(2);
    await delivery.getByText("2 attempts").click();
    await expect(delivery.getByRole("table")).toContainText("200");
    await shots(page, "endpoint");

    // Only invoice.paid from now on; the test event stays available whatever the list.
    await page.getByLabel("All events").uncheck();
    await page.getByLabel("invoice.paid", { exact: true }).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("invoice.paid", { exact: true })).toBeChecked();
    await expect(page.getByLabel("All events")).not.toBeChecked();

    // Disable, rotate the secret (shown once), delete.
    await page.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Enable" }).click();
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("button", { name: "Yes, rotate the secret" }).click();
    await expect(page.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await expect(page).toHaveURL(/\/dashboard\/developers$/);
    await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
