import { spawnSync } from "node:child_process";
import type { Page, Request } from "@playwright/test";
import {
  type Address,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseEther,
} from "viem";
import type { PaymentOption } from "../lib/invoices/paymentOptions";
import { expectAccessible } from "./a11y";
import { BASE_URL, DEMO_API_KEY, LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import {
  checkoutPath,
  createInvoice,
  devAccount,
  getInvoice,
  publicClient,
  rpcUrl,
  screenshot,
  tokenBalance,
} from "./helpers";
import { installTestWallet, type TestWallet } from "./wallet";

const CHAIN_TIMEOUT = { timeout: 30_000 };
const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const auth = { authorization: `Bearer ${DEMO_API_KEY}` };

function usdcOf(options: PaymentOption[]): PaymentOption {
  const found = options.find((candidate) => candidate.token.symbol === "USDC");
  if (!found) throw new Error("no USDC option");
  return found;
}

/** Every request the page makes that leaves this machine's loopback address. */
function recordOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (url.hostname !== "127.0.0.1") outside.push(request.url());
  });
  return outside;
}

async function connectTestWallet(page: Page, wallet: TestWallet) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("button", { name: /Test Wallet/ }).click();
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  expect(wallet.connected).toBe(true);
}

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

test.describe("on a 375 px phone, in a plain browser with no wallet extension", () => {
  test.use({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

  test("the demo wallet pays, nothing leaves this machine, and the receipt returns to the merchant", async ({
    page,
    request,
  }) => {
    const outside = recordOutsideRequests(page);
    const invoice = await createInvoice(request, {
      amount: "18.40",
      currency: "USD",
      description: "Pour-over kit",
      items: [
        { name: "Dripper", quantity: 1, unit_amount: "12.00" },
        { name: "Paper filters", quantity: 2, unit_amount: "3.20" },
      ],
      redirect_url: `${BASE_URL}/?from=checkout`,
    });
    const usdc = usdcOf(invoice.payment_options);
    const demo = devAccount(8).address;
    const before = await tokenBalance(usdc.token.address, demo);

    const response = await page.goto(checkoutPath(invoice));
    // Framed only by the app itself unless the merchant lists other origins.
    expect(response?.headers()["content-security-policy"]).toMatch(/; frame-ancestors 'self'$/);
    await expect(page.getByTestId("invoice-amount")).toHaveText("$18.40USD");
    await expect(page.getByTestId("token-amount")).toHaveText("18.40 USDC on Local chain");
    const items = page.getByTestId("items");
    await expect(items).toContainText("Paper filters2 × $3.20$6.40");
    await expect(items).toContainText("Total$18.40");
    await expect(page.getByRole("button", { name: "Use the demo wallet" })).toBeVisible();
    await expectAccessible(page, "open, phone");
    await screenshot(page, "30-phone-open");

    await page.getByRole("button", { name: "Use the demo wallet" }).tap();
    const pay = page.getByRole("button", { name: "Sign to pay 18.40 USDC" });
    await expect(pay).toBeEnabled(CHAIN_TIMEOUT);
    await expect(page.getByText(/From 0x2361…1E8f · Demo wallet/)).toBeVisible();
    await expect(page.getByTestId("option-balance").first()).toContainText("You have");
    await expectAccessible(page, "connected with the demo wallet, phone");
    await screenshot(page, "31-phone-demo-wallet-connected");

    await pay.tap();
    await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
    await expect(page.getByTestId("stepper")).toHaveAttribute("data-step", "paid");
    const receipt = page.getByTestId("receipt");
    await expect(receipt).toContainText("18.40 USDC");
    await expect(receipt).toContainText("Local chain");
    await expect(receipt).toContainText("no block explorer on this network");
    await expect(page.getByTestId("redirect-countdown")).toContainText(
      "Returning to Demo Store in",
    );
    await expectAccessible(page, "paid, phone");
    await screenshot(page, "32-phone-paid-receipt");
    expect(await tokenBalance(usdc.token.address, demo)).toBe(before - 18_400_000n);

    // Left alone, the receipt goes back to the merchant with the invoice's id and status.
    await page.waitForURL(/from=checkout/, { timeout: 15_000 });
    const back = new URL(page.url());
    expect(back.searchParams.get("invoice_id")).toBe(invoice.id);
    expect(back.searchParams.get("status")).toBe("paid");
    expect(outside, "requests that left 127.0.0.1").toEqual([]);
  });
});

test("the page is live: sent, then paid, pushed by server-sent events", async ({
  page,
  request,
}) => {
  const wallet = await installTestWallet(page, { accountIndex: 1, rpcUrl });
  const invoice = await createInvoice(request, { amount: "3.00", currency: "USD" });
  const streams: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(`/api/checkout/${invoice.id}/events`)) streams.push(r.url());
  });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);
  expect(streams.length).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  // Blocks stop being mined, so the transaction waits in the pool: the page shows it as sent.
  await rpc("evm_setAutomine", [false]);
  try {
    await page.getByRole("button", { name: "Pay 3.00 USDC" }).click();
    const stepper = page.getByTestId("stepper");
    await expect(stepper).toHaveAttribute("data-step", "sent", CHAIN_TIMEOUT);
    await expect(stepper).toContainText(
      "Transaction sent: waiting for it to be included in a block.",
    );
    await expect(stepper).toContainText(wallet.sentTransactions[0]!.slice(0, 10));
    await expectAccessible(page, "sent");
    await screenshot(page, "33-sent-waiting-for-block");
    await rpc("evm_mine");
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  // Nobody reloads or posts again: the watcher credits it and the stream brings it here.
  await expect(page.getByTestId("paid")).toContainText("Payment received", CHAIN_TIMEOUT);
  expect((await getInvoice(request, invoice.id)).status).toBe("paid");
});

test("a wallet on the wrong network is switched with one click", async ({ page, request }) => {
  const wallet = await installTestWallet(page, { accountIndex: 2, rpcUrl });
  const invoice = await createInvoice(request, { amount: "4.00", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  await wallet.setChain(10);
  const warning = page.getByText(
    "Your wallet is on another network; this payment is on Local chain.",
  );
  await expect(warning).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Switch network and pay 4.00 USDC" }),
  ).toBeVisible();
  await expectAccessible(page, "wrong network");
  await screenshot(page, "34-wrong-network");
  await page.getByRole("button", { name: "Switch to Local chain" }).click();
  await expect(warning).toBeHidden();
  expect(wallet.chainId).toBe(LOCAL_CHAIN_ID);
  await page.getByRole("button", { name: "Pay 4.00 USDC" }).click();
  await expect(page.getByTestId("paid")).toBeVisible(CHAIN_TIMEOUT);
});

test("too little token or too little gas is said before paying", async ({ page, request }) => {
  // A fresh account with gas but no stablecoin, and one with stablecoins but no gas.
  const gasOnly = devAccount(20);
  const tokensOnly = devAccount(21);
  const funder = createWalletClient({ account: devAccount(0), chain, transport: http(rpcUrl) });
  await publicClient.waitForTransactionReceipt({
    hash: await funder.sendTransaction({ to: gasOnly.address, value: parseEther("1") }),
  });
  const invoice = await createInvoice(request, { amount: "12.50", currency: "USD" });
  const usdc = usdcOf(invoice.payment_options);
  const holder = createWalletClient({ account: devAccount(7), chain, transport: http(rpcUrl) });
  await publicClient.waitForTransactionReceipt({
    hash: await holder.writeContract({
      address: usdc.token.address as Address,
      abi: erc20Abi,
      functionName: "transfer",
      args: [tokensOnly.address, 50_000_000n],
    }),
  });
  await rpc("anvil_setBalance", [tokensOnly.address, "0x0"]);

  const wallet = await installTestWallet(page, { accountIndex: 20, rpcUrl });
  await page.goto(checkoutPath(invoice));
  await connectTestWallet(page, wallet);
  const lowToken = page.getByTestId("low-token");
  await expect(lowToken).toHaveText(
    "Your balance is 0.00 USDC, and this payment needs 12.50 USDC. Add USDC to this wallet or choose another token.",
  );
  // A signature cannot pay with tokens the wallet does not hold either.
  const sign = page.getByRole("button", { name: "Sign to pay 12.50 USDC" });
  await expect(sign).toBeDisabled();
  await expect(sign).toHaveAccessibleDescription(/Your balance is 0.00 USDC/);
  await expect(page.getByTestId("option-balance").first()).toHaveText("You have 0.00 USDC");
  await expect(page.getByTestId("low-gas")).toHaveCount(0);
  await expectAccessible(page, "insufficient token");
  await screenshot(page, "35-insufficient-token");

  const page2 = await page.context().newPage();
  const wallet2 = await installTestWallet(page2, { accountIndex: 21, rpcUrl });
  await page2.goto(checkoutPath(invoice));
  await connectTestWallet(page2, wallet2);
  // No ETH is no obstacle to the default, a signature: nothing says it cannot pay.
  await expect(page2.getByRole("button", { name: "Sign to pay 12.50 USDC" })).toBeEnabled();
  await expect(page2.getByTestId("low-gas")).toHaveCount(0);
  // A transaction needs gas: that way, the page says so and points back to the signature.
  await page2.getByRole("button", { name: "Pay with a transaction instead" }).click();
  const lowGas = page2.getByTestId("low-gas");
  await expect(lowGas).toContainText("You need a little ETH on Local chain for the network fee");
  await expect(lowGas).toContainText("Pay with a signature instead: it needs no ETH.");
  // The fee is an estimate: a few significant digits, not every wei.
  const fee = (await lowGas.textContent())?.match(/\(about (\S+) ETH\)/)?.[1];
  expect(fee, "the fee in the sentence").toMatch(/^0\.0*[1-9]\d{0,2}$/);
  await expect(lowGas).toContainText("this wallet has 0.00 ETH.");
  // A wallet would refuse a transaction it cannot pay gas for: Pay is held, saying why.
  const pay2 = page2.getByRole("button", { name: "Pay 12.50 USDC" });
  await expect(pay2).toBeDisabled();
  await expect(pay2).toHaveAccessibleDescription(/You need a little ETH/);
  await expect(page2.getByTestId("low-token")).toHaveCount(0);
  await expectAccessible(page2, "insufficient gas");
  await screenshot(page2, "36-insufficient-gas");
  await page2.setViewportSize({ width: 375, height: 812 });
  for (const colorScheme of ["light", "dark"] as const) {
    await page2.emulateMedia({ colorScheme });
    await expectAccessible(page2, `insufficient gas, phone, ${colorScheme}`);
    await screenshot(page2, `36-insufficient-gas-375-${colorScheme}`);
  }
  expect(wallet.sentTransactions).toHaveLength(0);
  expect(wallet2.sentTransactions).toHaveLength(0);
});

test("underpaid, then completed, with polling when server-sent events are blocked", async ({
  page,
  request,
}) => {
  await page.route("**/api/checkout/*/events", (route) => route.abort());
  const wallet = await installTestWallet(page, { accountIndex: 3, rpcUrl });
  const invoice = await createInvoice(request, { amount: "12.50", currency: "USD" });
  const usdc = usdcOf(invoice.payment_options);
  await page.goto(checkoutPath(invoice));
  await expect(page.getByRole("button", { name: "Connect wallet" })).toBeVisible();

  // 5.00 of 12.50 arrives from elsewhere, carrying the invoice's reference.
  const payer = createWalletClient({ account: devAccount(6), chain, transport: http(rpcUrl) });
  const partial = `${encodeFunctionData({
    abi: erc20Abi,
    functionName: "transfer",
    args: [usdc.recipient as Address, 5_000_000n],
  })}${usdc.reference.slice(2)}` as Hex;
  await publicClient.waitForTransactionReceipt({
    hash: await payer.sendTransaction({ to: usdc.token.address as Address, data: partial }),
  });

  const underpaid = page.getByTestId("underpaid");
  await expect(underpaid).toContainText(
    "$5.00 received. Pay the remaining $7.50 to complete this order.",
    CHAIN_TIMEOUT,
  );
  await expect(page.getByTestId("token-amount")).toHaveText("7.50 USDC on Local chain");
  await expectAccessible(page, "underpaid");
  await screenshot(page, "37-underpaid");

  await connectTestWallet(page, wallet);
  // The rest is a new signature: the offer follows the amount due.
  await page.getByRole("button", { name: "Sign to pay 7.50 USDC" }).click();
  await expect(page.getByTestId("paid")).toContainText("$12.50 paid to Demo Store", CHAIN_TIMEOUT);
  const after = await getInvoice(request, invoice.id);
  expect(after).toMatchObject({ status: "paid", exception: null, amount_paid: "12.50" });
  expect(after.payments).toHaveLength(2);
  await expect(page.getByTestId("receipt").getByText("Local chain")).toHaveCount(2);
  await screenshot(page, "38-underpaid-completed");
});

test("expired and canceled invoices say what to do next", async ({ page, request }) => {
  test.setTimeout(150_000);
  const expiring = await createInvoice(request, {
    amount: "2.00",
    currency: "USD",
    expires_in: 60,
  });
  const canceled = await createInvoice(request, {
    amount: "2.00",
    currency: "USD",
    redirect_url: `${BASE_URL}/?from=checkout`,
  });
  const cancel = await request.post(`/api/v1/invoices/${canceled.id}/cancel`, { headers: auth });
  expect(cancel.status()).toBe(200);

  await page.goto(checkoutPath(canceled));
  const canceledPanel = page.getByTestId("canceled");
  await expect(canceledPanel).toContainText("This invoice was canceled");
  await expect(canceledPanel).toContainText(
    "Demo Store canceled this invoice, so it can no longer be paid. Nothing was taken from your wallet.",
  );
  await expect(page.getByTestId("canceled-next")).toHaveText(
    "If you still want to pay, ask Demo Store for a new payment link.",
  );
  await expect(page.getByRole("button", { name: "Connect wallet" })).toHaveCount(0);
  const back = page.getByRole("link", { name: "Return to Demo Store" });
  const href = new URL((await back.getAttribute("href"))!);
  expect(href.searchParams.get("invoice_id")).toBe(canceled.id);
  expect(href.searchParams.get("status")).toBe("canceled");
  await expectAccessible(page, "canceled");
  await screenshot(page, "39-canceled");
  await page.setViewportSize({ width: 375, height: 812 });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `canceled, phone, ${colorScheme}`);
    await screenshot(page, `39-canceled-375-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("link", { name: "Return to Demo Store" }).click();
  await expect(page).toHaveURL(/from=checkout.*status=canceled/);

  await page.goto(checkoutPath(expiring));
  await expect(page.getByTestId("countdown")).toBeVisible();
  // The page turns over by itself when the deadline passes.
  const expired = page.getByTestId("expired");
  await expect(expired).toContainText("This invoice has expired", { timeout: 90_000 });
  await expect(expired).toContainText("Ask Demo Store for a new invoice.");
  await expect(expired).toContainText("a full payment that lands late is still recognised");
  await expect(page.getByRole("button", { name: "Connect wallet" })).toHaveCount(0);
  await expectAccessible(page, "expired");
  await screenshot(page, "40-expired");
});

test("keyboard only: connect, pay and read the receipt without a mouse", async ({
  page,
  request,
}) => {
  const wallet = await installTestWallet(page, { accountIndex: 4, rpcUrl });
  const invoice = await createInvoice(request, { amount: "6.00", currency: "USD" });
  await page.goto(checkoutPath(invoice));
  const connect = page.getByRole("button", { name: "Connect wallet" });
  for (let i = 0; i < 12 && !(await connect.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(connect).toBeFocused();
  await page.keyboard.press("Enter");
  const modal = page.getByRole("dialog");
  const choice = modal.getByRole("button", { name: /Test Wallet/ });
  await expect(choice).toBeVisible();
  for (let i = 0; i < 10 && !(await choice.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(choice).toBeFocused();
  await expectAccessible(page, "connect modal");
  await screenshot(page, "41-keyboard-connect-modal");
  await page.keyboard.press("Enter");
  await expect(modal).toBeHidden(CHAIN_TIMEOUT);
  const pay = page.getByRole("button", { name: "Sign to pay 6.00 USDC" });
  await expect(pay).toBeFocused();
  await screenshot(page, "42-keyboard-pay-focused");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("paid")).toBeVisible(CHAIN_TIMEOUT);
  expect(wallet.requestsOf("eth_signTypedData_v4")).toHaveLength(1);
  expect(wallet.sentTransactions).toHaveLength(0);
});

const LANGUAGES = [
  {
    code: "zh-CN",
    header: "zh-CN,zh;q=0.9",
    amount: "US$1,234.50",
    connect: "连接钱包",
    heading: "付款币种",
    tab: "其他钱包或交易所",
  },
  {
    code: "es",
    header: "es-ES,es;q=0.9",
    amount: "1234,50 US$",
    connect: "Conectar billetera",
    heading: "Pagar con",
    tab: "Otra billetera o exchange",
  },
  {
    code: "ja",
    header: "ja-JP,ja;q=0.9",
    amount: "$1,234.50",
    connect: "ウォレットを接続",
    heading: "支払い通貨",
    tab: "他のウォレット・取引所",
  },
  {
    code: "en",
    header: "de-DE,de;q=0.9",
    amount: "$1,234.50",
    connect: "Connect wallet",
    heading: "Pay with",
    tab: "Other wallet or exchange",
  },
];

for (const language of LANGUAGES) {
  test(`in ${language.code}, by Accept-Language and by ?lang=`, async ({ browser, request }) => {
    const invoice = await createInvoice(request, {
      amount: "1234.50",
      currency: "USD",
      description: "Espresso machine",
    });
    // The browser's language, which it sends as Accept-Language.
    const context = await browser.newContext({ locale: language.header.split(",")[0] });
    const page = await context.newPage();
    await page.goto(checkoutPath(invoice));
    const amount = page.getByTestId("invoice-amount");
    await expect(amount).toContainText(language.amount.replace(/ /g, "\u00a0"));
    await expect(page.getByRole("button", { name: language.connect })).toBeVisible();
    await expect(page.getByText(language.heading, { exact: true })).toBeVisible();
    expect(await page.locator("main").getAttribute("lang")).toBe(language.code);
    await page.getByRole("tab", { name: language.tab }).click();
    await expectAccessible(page, `manual transfer in ${language.code}`);
    await screenshot(page, `43-language-${language.code}`);
    // On a 375 px phone the stepper's labels are readable (12 px at least) and each fits its
    // column: none overflows or touches its neighbour.
    await page.setViewportSize({ width: 375, height: 812 });
    const labels = await page.getByTestId("step-label").evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return {
          text: element.textContent,
          fontSize: Number.parseFloat(getComputedStyle(element).fontSize),
          left: box.left,
          right: box.right,
          overflows: element.scrollWidth > element.clientWidth,
        };
      }),
    );
    expect(labels).toHaveLength(4);
    for (const [index, label] of labels.entries()) {
      expect(label.fontSize, `${label.text} font size`).toBeGreaterThanOrEqual(12);
      expect(label.overflows, `${label.text} overflows`).toBe(false);
      expect(label.left, `${label.text} inside the screen`).toBeGreaterThanOrEqual(0);
      expect(label.right, `${label.text} inside the screen`).toBeLessThanOrEqual(375);
      const next = labels[index + 1];
      if (next) expect(label.right, `${label.text} clear of ${next.text}`).toBeLessThan(next.left);
    }
    await screenshot(page, `43-language-${language.code}-375`);
    // ?lang= wins over the header.
    await page.goto(`${checkoutPath(invoice)}?lang=en`);
    await expect(page.getByRole("button", { name: "Connect wallet" })).toBeVisible();
    await context.close();
  });
}

test("dark mode follows the system", async ({ page, request }) => {
  const invoice = await createInvoice(request, {
    amount: "9.90",
    currency: "USD",
    description: "Filter papers",
  });
  // Lightness of the page background (Chromium reports Tailwind's colours in CSS lab()).
  const lightness = () =>
    page.evaluate(() => {
      const probe = document.createElement("canvas").getContext("2d")!;
      probe.fillStyle = getComputedStyle(document.body).backgroundColor;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
    });
  await page.goto(checkoutPath(invoice));
  expect(await lightness()).toBeGreaterThan(0.9);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(lightness).toBeLessThan(0.1);
  await expectAccessible(page, "dark");
  await screenshot(page, "44-dark");
});

test("the example store sells through the embedded checkout and hears that it was paid", async ({
  page,
}) => {
  const outside = recordOutsideRequests(page);
  await page.goto("/examples/store");
  await expect(
    page.getByRole("heading", { name: "Colombia Huila, 250 g whole beans" }),
  ).toBeVisible();
  await expectAccessible(page, "example store");
  await page.getByRole("button", { name: "Buy with stablecoins" }).click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await expect(dialog).toBeVisible();
  const frame = page.frameLocator('iframe[title="Checkout"]');
  // The link's page first: the invoice is made when the shopper continues, not when it loads.
  await expect(frame.getByTestId("link-amount")).toContainText("$18.00", CHAIN_TIMEOUT);
  await screenshot(page, "45-embed-link");
  await frame.getByRole("button", { name: "Continue to payment" }).click();
  await expect(frame.getByTestId("invoice-amount")).toContainText("$18.00", CHAIN_TIMEOUT);
  await expect(frame.getByRole("button", { name: "Close" })).toBeVisible();
  // The frame's Close replaced embed.js's fallback one: one close control at a time.
  await expect(page.getByRole("button", { name: "Close checkout" })).toBeHidden();
  await screenshot(page, "45-embed-modal");
  await frame.getByRole("button", { name: "Use the demo wallet" }).click();
  await frame.getByRole("button", { name: "Sign to pay 18.00 USDC" }).click();
  await expect(frame.getByTestId("paid")).toBeVisible(CHAIN_TIMEOUT);
  // Embedded, the receipt does not navigate the frame away: the parent decides.
  await expect(frame.getByTestId("redirect-countdown")).toHaveCount(0);
  const result = page.getByTestId("store-result");
  await expect(result).toContainText("Thank you! Order paid: inv_", CHAIN_TIMEOUT);
  await screenshot(page, "46-embed-paid");
  await frame.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(result).toContainText("Thank you! Order paid");
  await screenshot(page, "47-store-after-payment");

  // The JS API opens one invoice; Escape closes it and the page hears "closed".
  const invoiceId = (await result.textContent())?.match(/inv_\w+/)?.[0];
  await page.evaluate((id) => {
    (window as unknown as { Checkout: { open(o: object): void } }).Checkout.open({
      invoice: id,
      lang: "ja",
    });
  }, invoiceId);
  await expect(frame.getByText("お支払いを受け付けました")).toBeVisible(CHAIN_TIMEOUT);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  expect(outside).toEqual([]);
});

test("the embed modal shows one close control, keeps focus inside, and gives it back on Escape", async ({
  page,
}) => {
  await page.goto("/examples/store");
  const buy = page.getByRole("button", { name: "Buy with stablecoins" });
  await expect(buy).toBeVisible();
  // Hold the checkout page back, as a slow network would.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/l\/plink_/, async (route) => {
    await held;
    await route.continue();
  });
  await buy.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await expect(dialog).toBeVisible();
  const fallback = page.getByRole("button", { name: "Close checkout" });
  const frame = page.frameLocator('iframe[title="Checkout"]');
  // While the frame loads, embed.js's close button is the one way out, and it has the focus.
  await expect(fallback).toBeVisible();
  await expect(fallback).toBeFocused();
  await screenshot(page, "45a-embed-modal-loading");
  // Tab cannot leave the modal for the page behind it.
  const focusInModal = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      return (
        active === document.body ||
        active === null ||
        Boolean(active.closest("[data-checkout-modal]"))
      );
    });
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInModal(), `focus after ${i + 1} Tab`).toBe(true);
    expect(await buy.evaluate((element) => element === document.activeElement)).toBe(false);
  }

  release();
  // The link's page keeps embed.js's close button; the checkout it opens shows its own.
  await frame.getByRole("button", { name: "Continue to payment" }).click(CHAIN_TIMEOUT);
  await expect(frame.getByRole("button", { name: "Close" })).toBeVisible(CHAIN_TIMEOUT);
  await expect(fallback).toBeHidden();
  await expectAccessible(page, "embed modal");
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInModal(), `focus after ${i + 1} Tab in the loaded frame`).toBe(true);
  }
  // Escape inside the frame closes the modal, and focus returns to the button that opened it.
  await frame.getByRole("button", { name: "Close" }).focus();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(buy).toBeFocused();
  await expect(page.getByTestId("store-result")).toContainText("Checkout closed without paying");

  // The fallback button works by keyboard too, and gives focus back the same way.
  await page.unroute(/\/l\/plink_/);
  await page.route(/\/l\/plink_/, () => {
    // Never answered: a frame that does not load.
  });
  await buy.focus();
  await page.keyboard.press("Enter");
  await expect(fallback).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(buy).toBeFocused();
});

test("a merchant's allowed origins reach frame-ancestors, and a frame posts only to them", async ({
  page,
  request,
}) => {
  const invoice = await createInvoice(request, { amount: "1.00", currency: "USD" });
  const LOGO = `data:image/svg+xml;base64,${Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#b45309"/><circle cx="16" cy="16" r="8" fill="#fff"/></svg>',
  ).toString("base64")}`;
  const merchant = (allowed: string[], more: string[] = []) =>
    spawnSync(
      "node_modules/.bin/tsx",
      [
        "--conditions=react-server",
        "lib/tooling/cli/merchant.ts",
        "update",
        "mer_00000000000000000000000000",
        ...(allowed.length
          ? allowed.flatMap((origin) => ["--allow-origin", origin])
          : ["--no-origins"]),
        ...more,
      ],
      {
        env: { ...process.env, DATA_DIR: process.env.CHECKOUT_E2E_RUN_DATA_DIR },
        encoding: "utf8",
      },
    );
  const set = merchant(["https://shop.example"], ["--logo", LOGO]);
  expect(set.status, set.stderr).toBe(0);
  expect(set.stdout).toMatch(/allowed_origins\s+https:\/\/shop\.example/);
  try {
    const response = await request.get(checkoutPath(invoice));
    expect(response.headers()["content-security-policy"]).toMatch(
      /; frame-ancestors 'self' https:\/\/shop\.example$/,
    );
    // A parent the merchant does not allow gets no message at all.
    const posted: unknown[] = [];
    await page.exposeFunction("recordPost", (message: unknown) => posted.push(message));
    await page.addInitScript(() => {
      const original = window.postMessage.bind(window);
      window.postMessage = ((message: unknown, options: unknown) => {
        (window as unknown as { recordPost(m: unknown): void }).recordPost({ message, options });
        return original(message, options as string);
      }) as typeof window.postMessage;
    });
    await page.goto(`${checkoutPath(invoice)}?embed=1&parent_origin=https://evil.example`);
    await expect(page.getByTestId("invoice-amount")).toBeVisible();
    // The merchant's logo, from the data: URI the CLI set.
    await expect(page.locator("header img")).toHaveAttribute("src", LOGO);
    await screenshot(page, "50-merchant-logo");
    await expect(page.getByRole("button", { name: "Close" })).toHaveCount(0);
    expect(posted).toEqual([]);
  } finally {
    const reset = merchant([], ["--no-logo"]);
    expect(reset.status, reset.stderr).toBe(0);
  }
  const after = await request.get(checkoutPath(invoice));
  expect(after.headers()["content-security-policy"]).toMatch(/; frame-ancestors 'self'$/);
});

test("an overpayment and a transaction that failed on-chain each say so", async ({
  page,
  request,
}) => {
  const payer = createWalletClient({ account: devAccount(5), chain, transport: http(rpcUrl) });
  const payWith = async (option: PaymentOption, amount: bigint) => {
    const data = `${encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [option.recipient as Address, amount],
    })}${option.reference.slice(2)}` as Hex;
    const hash = await payer.sendTransaction({ to: option.token.address as Address, data });
    await publicClient.waitForTransactionReceipt({ hash });
    return hash;
  };

  // 12.60 for a 12.50 invoice.
  const overpaid = await createInvoice(request, { amount: "12.50", currency: "USD" });
  const extra = await payWith(usdcOf(overpaid.payment_options), 12_600_000n);
  const posted = await request.post(`/api/checkout/${overpaid.id}/payments`, {
    data: { chain_id: LOCAL_CHAIN_ID, tx_hash: extra },
  });
  expect(posted.ok(), await posted.text()).toBe(true);
  await page.goto(checkoutPath(overpaid));
  await expect(page.getByTestId("overpaid")).toHaveText(
    "You paid $0.10 more than was asked. Contact Demo Store about the difference.",
    CHAIN_TIMEOUT,
  );
  await expectAccessible(page, "overpaid");
  await screenshot(page, "48-overpaid");

  // A wallet that sets too little gas: the transfer reverts on-chain and the server says so.
  const other = await createInvoice(request, { amount: "12.50", currency: "USD" });
  const wallet = await installTestWallet(page, { accountIndex: 5, rpcUrl });
  await page.goto(checkoutPath(other));
  await connectTestWallet(page, wallet);
  await page.getByRole("button", { name: "Pay with a transaction instead" }).click();
  wallet.setGasLimit(30_000n);
  const pay = page.getByRole("button", { name: "Pay 12.50 USDC" });
  await pay.click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText(
    "The transaction failed on-chain, so nothing was paid; you can try again.",
    CHAIN_TIMEOUT,
  );
  const [failed] = wallet.sentTransactions;
  expect((await publicClient.getTransactionReceipt({ hash: failed! })).status).toBe("reverted");
  expect((await getInvoice(request, other.id)).status).toBe("open");
  await expectAccessible(page, "rejected transaction");
  await screenshot(page, "49-rejected-transaction");
  // The next try, with the gas the page asks for, pays.
  wallet.setGasLimit(null);
  await pay.click();
  await expect(page.getByTestId("paid")).toBeVisible(CHAIN_TIMEOUT);
});
