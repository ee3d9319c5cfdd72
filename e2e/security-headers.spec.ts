import { expect, test } from "@playwright/test";
import { BASE_URL } from "./env";
import { checkoutPath, createInvoice, screenshot } from "./helpers";

test("every page and API answer carries the security headers; only the checkout may be framed", async ({
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "1.00", currency: "USD" });
  for (const path of [
    "/",
    "/dashboard",
    "/docs/api",
    "/api/health",
    "/api/v1/openapi.json",
    checkoutPath(invoice),
  ]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    // Served over http here: no HSTS (it is sent when PUBLIC_URL is https).
    expect(headers["strict-transport-security"], path).toBeUndefined();
    if (path.startsWith("/pay/")) {
      expect(headers["content-security-policy"], path).toBe("frame-ancestors 'self'");
      expect(headers["x-frame-options"], path).toBeUndefined();
    } else {
      expect(headers["content-security-policy"], path).toBe("frame-ancestors 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
    }
  }
});

test("another site cannot frame the dashboard: Chromium refuses to show it", async ({
  page,
  request,
}) => {
  await page.route("http://evil.example/", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>Evil</title><h1>Click the button below</h1><iframe name="victim" src="${BASE_URL}/dashboard" width="800" height="400"></iframe>`,
    }),
  );
  await page.goto("http://evil.example/");
  // A frame refused by frame-ancestors is replaced with Chromium's error page.
  await expect
    .poll(() => page.frame({ name: "victim" })?.url(), { timeout: 10_000 })
    .toBe("chrome-error://chromewebdata/");
  await screenshot(page, "security-01-dashboard-framing-refused");

  // The control, so the check above can fail: the app's own page frames its checkout, which
  // loads ('self' is allowed there), and the dashboard, which does not ('none').
  const invoice = await createInvoice(request, { amount: "1.00", currency: "USD" });
  await page.goto(`${BASE_URL}/`);
  await page.evaluate(
    ([checkout, dashboard]) => {
      for (const [name, src] of [
        ["checkout", checkout],
        ["dashboard", dashboard],
      ] as const) {
        const frame = document.createElement("iframe");
        frame.name = name;
        frame.src = src;
        document.body.append(frame);
      }
    },
    [`${BASE_URL}${checkoutPath(invoice)}`, `${BASE_URL}/dashboard`] as const,
  );
  await expect(
    page.frameLocator('iframe[name="checkout"]').getByTestId("invoice-amount"),
  ).toBeVisible();
  await expect
    .poll(() => page.frame({ name: "dashboard" })?.url(), { timeout: 10_000 })
    .toBe("chrome-error://chromewebdata/");
});
