import { describe, expect, it } from "vitest";
import { amountField, nothingRefundable, refundableUnits } from "./refundAmounts";

const usdc = (amount: string) => ({ token_decimals: 6, amount });

describe("refundableUnits", () => {
  it("is what is left on the invoice, in the payment's token", () => {
    expect(refundableUnits("4.25", usdc("10000000"))).toBe(4_250_000n);
  });

  it("never offers more than the payment itself", () => {
    expect(refundableUnits("25", usdc("10000000"))).toBe(10_000_000n);
  });

  it("rounds down what the token cannot hold", () => {
    expect(refundableUnits("0.0000019", usdc("10000000"))).toBe(1n);
  });
});

describe("amountField", () => {
  it("is a plain decimal, at least two places where the token has them", () => {
    expect(amountField(1_234_500_000n, 6)).toBe("1234.50");
    expect(amountField(1n, 6)).toBe("0.000001");
    expect(amountField(7n, 0)).toBe("7");
  });
});

describe("nothingRefundable", () => {
  it("is true only at zero", () => {
    expect(nothingRefundable("0")).toBe(true);
    expect(nothingRefundable("0.000000000000000001")).toBe(false);
  });
});
