import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { createTestClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expectAccessible } from "./a11y";
import { signInByApi } from "./dashboard";
import { BASE_URL } from "./env";
import { expect, test } from "./fixtures";
import { devAccount, publicClient, rpcUrl, screenshot } from "./helpers";
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

const SECTION_SHOTS = join("e2e", "artifacts", "screenshots");

/** A section's own picture at 1280 and 375 px, light. */
async function shootWidths(page: Page, section: Locator, name: string) {
  await mkdir(SECTION_SHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await section.screenshot({
      path: join(SECTION_SHOTS, `${name}-${width}.png`),
      animations: "disabled",
    });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("the overview shows the gasless relayer, and warns when it runs low or cannot pay", async ({
  page,
}) => {
  // The local chain's relayer is dev account 10; its balance is set with anvil, then put back.
  const relayer = devAccount(10).address;
  const anvil = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
  const funded = await publicClient.getBalance({ address: relayer });
  await signInByApi(page, devAccount(9));
  await page.goto("/dashboard");
  const section = page.getByRole("region", { name: "Gasless relayer" });
  const card = section.getByTestId("relayer-31337");
  await expect(card.getByRole("heading", { name: "Local chain" })).toBeVisible();
  await expect(card.getByText(relayer)).toBeVisible();
  await expect(
    card.getByRole("button", { name: "Copy relayer address on Local chain" }),
  ).toBeVisible();
  await expect(card.getByTestId("relayer-balance")).toHaveText(/^[\d,.]+ ETH$/);
  await expect(card.getByTestId("relayer-pending")).toHaveText(
    /^(None|\d+, the oldest since .+ UTC)$/,
  );
  await expect(card.getByTestId("relayer-warning")).toHaveCount(0);
  await expectAccessible(page, "overview with the relayer");
  await shootWidths(page, section, "dashboard-relayer-ok");

  const warning = card.getByTestId("relayer-warning");
  const warningAfterReload = async () => {
    await page.reload();
    return (await warning.count()) ? await warning.textContent() : "";
  };
  try {
    await anvil.setBalance({ address: relayer, value: parseEther("0.001") });
    await expect
      .poll(warningAfterReload, { timeout: 15_000 })
      .toBe("Top up the relayer: below 0.005 ETH, gasless payment stops when it cannot pay.");
    await expect(card.getByTestId("relayer-balance")).toHaveText("0.001 ETH");
    await shootWidths(page, section, "dashboard-relayer-low");

    await anvil.setBalance({ address: relayer, value: 0n });
    await expect
      .poll(warningAfterReload, { timeout: 15_000 })
      .toMatch(
        /Gasless payment is not offered now: the relayer's 0 ETH cannot pay one payment's gas \(about 0\.\d+ ETH\)\./,
      );
    await expectAccessible(page, "overview with the relayer unable to pay");
    await shootWidths(page, section, "dashboard-relayer-stopped");
  } finally {
    await anvil.setBalance({ address: relayer, value: funded });
  }
  // Read again before the next test, so no checkout is refused on a stale empty balance.
  await expect.poll(warningAfterReload, { timeout: 15_000 }).toBe("");
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
