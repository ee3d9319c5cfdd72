import { describe, expect, it } from "vitest";
import { refundableAmount, refundStatus } from "./present";

const usd = (cents: bigint) => cents * 10n ** 16n;

describe("refundStatus", () => {
  it("is null until a refund is confirmed, partially_refunded below what was paid, refunded at it", () => {
    expect(refundStatus({ amountPaid: usd(1000n), amountRefunded: 0n })).toBeNull();
    expect(refundStatus({ amountPaid: usd(1000n), amountRefunded: usd(1n) })).toBe(
      "partially_refunded",
    );
    expect(refundStatus({ amountPaid: usd(1000n), amountRefunded: usd(1000n) })).toBe("refunded");
  });
});

describe("refundableAmount", () => {
  it("is what was paid less every recorded refund, never below zero", () => {
    expect(refundableAmount(usd(1000n), [])).toBe(usd(1000n));
    expect(
      refundableAmount(usd(1000n), [{ currencyAmount: usd(400n) }, { currencyAmount: usd(1n) }]),
    ).toBe(usd(599n));
    expect(refundableAmount(usd(1000n), [{ currencyAmount: usd(1200n) }])).toBe(0n);
  });
});
