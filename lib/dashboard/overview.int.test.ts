import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config/config";
import { getDb } from "../db/client";
import { invoices, payments } from "../db/schema";
import { expireOverdueInvoices } from "../invoices/expireInvoices";
import { signedInMerchant } from "../tooling/testing/dashboard";
import {
  newInvoice,
  type Option,
  payByWallet,
  paymentRows,
  submitHash,
  usdcOption,
} from "../tooling/testing/payments";
import { dailyReceipts, invoiceCounts, latestPayments, utcDays } from "./overview";

type Shop = Awaited<ReturnType<typeof signedInMerchant>>;
let shop: Shop;
let other: Shop;

function usdtOption(invoice: { payment_options: Option[] }): Option {
  const option = invoice.payment_options.find((candidate) => candidate.token.symbol === "USDT");
  if (!option) throw new Error("the invoice offers no USDT option");
  return option;
}

/** Pays an invoice in full from dev account `payer` and posts the hash, as the checkout does. */
async function pay(apiKey: string, amount: string, payer: number, token: "USDC" | "USDT" = "USDC") {
  const invoice = await newInvoice(apiKey, { amount });
  const hash = await payByWallet(
    payer,
    token === "USDC" ? usdcOption(invoice) : usdtOption(invoice),
  );
  const posted = await submitHash(invoice.id, hash);
  expect(posted).toMatchObject({ outcome: "credited" });
  const [payment] = await paymentRows(invoice.id);
  return { invoice, hash, payment: payment! };
}

/** Moves a payment's block time (the chart buckets by it) to test day boundaries exactly. */
async function stampPayment(invoiceId: string, at: Date) {
  const db = await getDb();
  await db.update(payments).set({ blockTimestamp: at }).where(eq(payments.invoiceId, invoiceId));
}

afterEach(() => {
  delete process.env.CONFIRMATIONS_31337;
  resetConfigForTests();
});

beforeAll(async () => {
  shop = await signedInMerchant({ name: "Overview Shop" });
  other = await signedInMerchant({ name: "Someone Else" });
});

describe("utcDays", () => {
  it("lists 30 UTC days ending with today's, across a month end", () => {
    const days = utcDays(new Date("2026-03-01T00:30:00+02:00"));
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toBe("2026-02-28");
    expect(days[0]).toBe("2026-01-30");
  });
});

describe("the overview's figures, from invoices paid on the test chain", () => {
  it("sums confirmed payments per UTC day, token and chain; counts statuses; lists the latest payments; sees no other merchant's", async () => {
    const a = await pay(shop.apiKey, "10.00", 1);
    const b = await pay(shop.apiKey, "2.50", 2, "USDT");
    const c = await pay(shop.apiKey, "7.25", 3);
    const d = await pay(shop.apiKey, "0.40", 4);
    const e = await pay(shop.apiKey, "1.00", 5);
    await pay(other.apiKey, "99.00", 6);
    await pay(other.apiKey, "5.00", 6, "USDT");

    // Today is the day of the last block; c on the last second of two days before, d on the
    // first second of the chart's first day, e one second before it (outside the chart).
    const now = new Date(e.payment.blockTimestamp.getTime());
    const days = utcDays(now);
    const twoDaysBefore = new Date(`${days[27]}T23:59:59.999Z`);
    await stampPayment(c.invoice.id, twoDaysBefore);
    await stampPayment(d.invoice.id, new Date(`${days[0]}T00:00:00Z`));
    await stampPayment(e.invoice.id, new Date(new Date(`${days[0]}T00:00:00Z`).getTime() - 1000));

    // A payment still confirming is not money received yet: processing, not in the chart.
    process.env.CONFIRMATIONS_31337 = "5";
    resetConfigForTests();
    const confirming = await pay(shop.apiKey, "3.00", 7);
    expect(confirming.payment.status).toBe("confirming");
    delete process.env.CONFIRMATIONS_31337;
    resetConfigForTests();

    // One open invoice, one expired.
    await newInvoice(shop.apiKey, { amount: "4.00" });
    const late = await newInvoice(shop.apiKey, { amount: "6.00" });
    const db = await getDb();
    await db
      .update(invoices)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invoices.id, late.id));
    expect(await expireOverdueInvoices(db)).toBeGreaterThanOrEqual(1);

    const scope = { merchantId: shop.merchant.id, livemode: false };
    const receipts = await dailyReceipts(db, { ...scope, now });
    expect(receipts.days).toEqual(days);
    const zeros = () => days.map(() => 0n);
    const usdc = zeros();
    usdc[days.indexOf(a.payment.blockTimestamp.toISOString().slice(0, 10))] = 10_000_000n;
    usdc[27] = 7_250_000n;
    usdc[0] = 400_000n;
    const usdt = zeros();
    usdt[days.indexOf(b.payment.blockTimestamp.toISOString().slice(0, 10))] = 2_500_000n;
    expect(receipts.series).toEqual([
      {
        currency: "USD",
        chainId: 31337,
        tokenSymbol: "USDC",
        tokenDecimals: 6,
        perDay: usdc,
        total: 17_650_000n,
      },
      {
        currency: "USD",
        chainId: 31337,
        tokenSymbol: "USDT",
        tokenDecimals: 6,
        perDay: usdt,
        total: 2_500_000n,
      },
    ]);

    expect(await invoiceCounts(db, scope)).toEqual({
      open: 1,
      processing: 1,
      paid: 5,
      expired: 1,
      canceled: 0,
    });
    // The other mode holds nothing of this merchant's.
    expect(await invoiceCounts(db, { ...scope, livemode: true })).toEqual({
      open: 0,
      processing: 0,
      paid: 0,
      expired: 0,
      canceled: 0,
    });

    const latest = await latestPayments(db, { ...scope, limit: 4 });
    expect(latest.map((payment) => payment.invoiceId)).toEqual([
      confirming.invoice.id,
      b.invoice.id,
      a.invoice.id,
      c.invoice.id,
    ]);
    expect(latest[0]).toMatchObject({
      amount: 3_000_000n,
      tokenSymbol: "USDC",
      chainId: 31337,
      status: "confirming",
      txHash: confirming.hash,
    });
    const all = await latestPayments(db, { ...scope, limit: 50 });
    expect(all).toHaveLength(6);

    // And the other merchant sees only its own.
    const theirs = await dailyReceipts(db, { merchantId: other.merchant.id, livemode: false, now });
    expect(theirs.series.map((series) => [series.tokenSymbol, series.total])).toEqual([
      ["USDC", 99_000_000n],
      ["USDT", 5_000_000n],
    ]);
    expect(
      (await latestPayments(db, { merchantId: other.merchant.id, livemode: false })).length,
    ).toBe(2);
  });
});
