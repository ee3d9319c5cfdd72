// The refusals these tests provoke are what they check: the plain test, not ./fixtures.
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
    const policy = headers["content-security-policy"] ?? "";
    if (path.startsWith("/api/")) {
      expect(policy, path).toBe("default-src 'none'; frame-ancestors 'none'");
    } else {
      expect(policy, path).toMatch(
        /^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'; object-src 'none'; base-uri 'self'; form-action 'self'; /,
      );
    }
    if (path.startsWith("/pay/")) {
      expect(policy, path).toContain("; frame-ancestors 'self'");
      expect(headers["x-frame-options"], path).toBeUndefined();
    } else {
      expect(policy, path).toContain("; frame-ancestors 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
    }
  }
});

test("a page runs only the scripts that carry its answer's nonce: Next's own do, an injected one does not", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "1.00", currency: "USD" });
  // An HTML injection, as a stored XSS would be: an inline script and a script from another site.
  await page.route(`**${checkoutPath(invoice)}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      "</body>",
      `<script>document.title = "injected"</script><script src="https://evil.example/x.js"></script></body>`,
    );
    await route.fulfill({ response, body: html });
  });
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/.test(message.text())) refused.push(message.text());
  });
  const answer = await page.goto(checkoutPath(invoice));
  const nonce = /'nonce-([^']+)'/.exec(answer!.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  // The page hydrated (its button works only with its scripts running)...
  await expect(page.getByRole("button", { name: "Connect wallet" })).toBeEnabled();
  // ...every script Next rendered carries this answer's nonce, and the injected ones were refused.
  const scripts = await page.locator("script").evaluateAll((elements) =>
    elements.map((element) => ({
      nonce: (element as HTMLScriptElement).nonce,
      text: element.textContent ?? "",
      src: (element as HTMLScriptElement).src,
    })),
  );
  const injected = scripts.filter(
    (script) => script.text.includes("injected") || script.src.includes("evil.example"),
  );
  expect(injected).toHaveLength(2);
  for (const script of scripts.filter((entry) => !injected.includes(entry))) {
    expect(script.nonce, script.src || script.text.slice(0, 60)).toBe(nonce);
  }
  expect(await page.title()).not.toBe("injected");
  await expect.poll(() => refused.length).toBeGreaterThanOrEqual(2);
  await screenshot(page, "security-02-injected-script-refused");

  // A second answer has another nonce.
  const again = await request.get(checkoutPath(invoice));
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
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
