import { createWalletClient, defineChain, encodeFunctionData, erc20Abi, http } from "viem";
import { formatDecimal } from "../lib/money/decimal";
import { LOCAL_CHAIN_ID } from "./env";
import { expect, test } from "./fixtures";
import {
  checkoutPath,
  createInvoice,
  devAccount,
  getInvoice,
  publicClient,
  rpcUrl,
  screenshot,
} from "./helpers";

const chain = defineChain({
  id: LOCAL_CHAIN_ID,
  name: "Local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

/** A plain ERC-20 transfer (no calldata beyond it), as an exchange or a QR-scanning wallet sends. */
async function plainTransfer(token: `0x${string}`, to: `0x${string}`, amount: bigint) {
  const wallet = createWalletClient({ account: devAccount(6), chain, transport: http(rpcUrl) });
  const hash = await wallet.sendTransaction({
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }),
  });
  expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
  return hash;
}

test.describe("on a phone", () => {
  test.use({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

  test("pays by a manual transfer of the exact amount, sent from a script", async ({
    page,
    context,
    request,
  }) => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const invoice = await createInvoice(request, {
      amount: "24.00",
      currency: "USD",
      description: "Espresso grinder burrs",
    });
    const usdc = invoice.payment_options.find((option) => option.token.symbol === "USDC")!;
    const manual = usdc.manual!;
    const exact = BigInt(manual.amount);
    expect(exact).toBeGreaterThan(24_000_000n);
    expect(exact).toBeLessThan(24_010_000n);
    expect(manual.uri).toBe(
      `ethereum:${usdc.token.address}@${LOCAL_CHAIN_ID}/transfer?address=${usdc.recipient}&uint256=${exact}`,
    );
    const shown = formatDecimal(exact, 6, 2);

    await page.goto(checkoutPath(invoice));
    await page.getByRole("tab", { name: "Other wallet or exchange" }).click();
    const section = page.getByTestId("manual-transfer");
    await expect(section.getByRole("img", { name: /QR code: send/ })).toBeVisible();
    await expect(section.getByTestId("manual-amount")).toHaveText(`${shown} USDC`);
    await expect(section.getByTestId("manual-address")).toHaveText(usdc.recipient);
    await expect(section).toContainText(`Send exactly ${shown} USDC on Local chain`);
    await expect(section.getByTestId("manual-contract")).toHaveText(usdc.token.address);
    // Both addresses, the one to send to and the token's in the sentence below, break (if they
    // must) in their middle: one line, or two of 21 characters, never one with a stub.
    for (const id of ["manual-address", "manual-contract"]) {
      const widths = await section.getByTestId(id).evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        // The <wbr> between the halves has a box of its own, of no width.
        return [...range.getClientRects()]
          .map((rect) => Math.round(rect.width))
          .filter((width) => width > 0);
      });
      expect(widths.length, id).toBeLessThanOrEqual(2);
      expect(Math.max(...widths) - Math.min(...widths), `${id}: ${widths}`).toBeLessThanOrEqual(1);
    }
    await page.mouse.move(0, 0);

    await screenshot(page, "10-manual-transfer-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "11-manual-transfer-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await section.getByRole("button", { name: "Copy amount" }).click();
    await expect(section.getByRole("button", { name: "Copy amount" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await section.getByRole("button", { name: "Copy address" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(usdc.recipient);

    // One unit short is not this invoice's amount: nothing is credited.
    await plainTransfer(usdc.token.address, usdc.recipient, exact - 1n);
    await page.waitForTimeout(2500);
    expect((await getInvoice(request, invoice.id)).status).toBe("open");
    await expect(page.getByTestId("paid")).toHaveCount(0);

    // The exact amount: the server's watcher finds it, the page shows it without a reload.
    const hash = await plainTransfer(usdc.token.address, usdc.recipient, exact);
    const paid = page.getByTestId("paid");
    await expect(paid).toContainText("Payment received", { timeout: 30_000 });
    await screenshot(page, "12-manual-transfer-paid");

    const after = await getInvoice(request, invoice.id);
    expect(after).toMatchObject({ status: "paid", exception: null });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ amount: String(exact) });
    expect(after.payments[0]!.tx_hash.toLowerCase()).toBe(hash.toLowerCase());
    expect(pageErrors).toEqual([]);
  });
});
