import { expect, test } from "@playwright/test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expectAccessible } from "./a11y";
import { signInByApi } from "./dashboard";
import { BASE_URL } from "./env";
import { devAccount, rpcUrl, screenshot } from "./helpers";
import { installTestWallet } from "./wallet";

test("a wallet signs in with Sign-In with Ethereum, creates its store, and signs out", async ({
  page,
}) => {
  const wallet = await installTestWallet(page, { accountIndex: 3, rpcUrl });
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Merchant dashboard" })).toBeVisible();
  // Without a session the dashboard shows the sign-in and nothing else.
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toHaveCount(0);
  await screenshot(page, "dashboard-01-sign-in");
  await expectAccessible(page, "sign-in");

  await page.getByRole("button", { name: "Connect wallet to sign in" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Test Wallet/ })
    .click();
  const verify = page
    .getByRole("dialog")
    .getByRole("button", { name: /Send message|Sign message/ });
  await expect(verify).toBeVisible();
  await screenshot(page, "dashboard-02-sign-message");
  await verify.click();

  await expect(page.getByRole("heading", { name: "Create your store" })).toBeVisible({
    timeout: 30_000,
  });
  expect(wallet.requestsOf("personal_sign")).toHaveLength(1);
  await expect(page.getByLabel(/Settlement address/)).toHaveValue(wallet.address);
  await page.getByLabel("Store name").fill("Hilltop Roasters");
  await screenshot(page, "dashboard-03-create-store");
  await expectAccessible(page, "create store");
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page.getByTestId("merchant-name")).toHaveText("Hilltop Roasters");
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "checkout_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Merchant dashboard" })).toBeVisible();
  const after = await page.request.get("/api/dashboard/auth/session");
  expect(after.status()).toBe(401);
});

test("with no extension, the Demo wallet signs in as the Demo Store's owner", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.getByText("choose Demo wallet")).toBeVisible();
  await page.getByRole("button", { name: "Connect wallet to sign in" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Demo wallet/ })
    .click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Sign message/ })
    .click();
  await expect(page.getByTestId("merchant-name")).toHaveText("Demo Store", { timeout: 30_000 });
  const session = await page.request.get("/api/dashboard/auth/session");
  expect(await session.json()).toMatchObject({ address: devAccount(9).address, role: "owner" });
});

test("the Demo Store's owner wallet signs in straight to its store", async ({ page }) => {
  await signInByApi(page, devAccount(9));
  await page.goto("/dashboard");
  await expect(page.getByTestId("merchant-name")).toHaveText("Demo Store");
});

test("a state-changing request without the session's CSRF token is refused", async ({ page }) => {
  await signInByApi(page, privateKeyToAccount(generatePrivateKey()));
  const response = await page.request.post("/api/dashboard/merchants", {
    headers: { origin: BASE_URL },
    data: { name: "Forged" },
  });
  expect(response.status()).toBe(403);
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("every dashboard tab is in sight and reachable by keyboard", async ({ page }) => {
    await signInByApi(page, devAccount(9));
    await page.goto("/dashboard/developers");
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    const tabs = ["Overview", "Invoices", "Unmatched", "Payment links", "Settings", "Developers"];
    for (const name of tabs) {
      const link = nav.getByRole("link", { name });
      await expect(link).toBeInViewport({ ratio: 1 });
      const box = await link.boundingBox();
      expect(box!.x + box!.width, `${name} ends inside the screen`).toBeLessThanOrEqual(375);
    }
    await expect(nav.getByRole("link", { name: "Developers" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    // Tab from the page's top reaches every section in order.
    await nav.getByRole("link", { name: "Overview" }).focus();
    for (const name of tabs.slice(1)) {
      await page.keyboard.press("Tab");
      await expect(nav.getByRole("link", { name })).toBeFocused();
    }
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/developers$/);

    await page.goto("/dashboard/settings");
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expectAccessible(page, `navigation, phone, ${colorScheme}`);
      await screenshot(page, `dashboard-04-nav-375-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, "dashboard-05-nav-desktop");
  });
});
