import { describe, expect, it } from "vitest";
import {
  CURRENCY_SCALE,
  currencyToTokenUnits,
  formatCurrencyAmount,
  isCurrencyCode,
  MAX_AMOUNT_WHOLE_UNITS,
  MAX_CURRENCY_AMOUNT,
  parseCurrencyAmount,
  tokenToCurrencyUnits,
} from "./currencies";
import { ParseDecimalError } from "./decimal";

const ONE = 10n ** 18n;

describe("parseCurrencyAmount", () => {
  it("keeps invoice amounts at the 18-decimal internal scale", () => {
    expect(CURRENCY_SCALE).toBe(18);
    expect(parseCurrencyAmount("12.50", "USD")).toBe(12_500_000_000_000_000_000n);
    expect(parseCurrencyAmount("12.5", "EUR")).toBe(12_500_000_000_000_000_000n);
    expect(parseCurrencyAmount("0.01", "USD")).toBe(ONE / 100n);
    expect(parseCurrencyAmount("0", "USD")).toBe(0n);
  });

  it("refuses fractions of a cent instead of rounding them", () => {
    expect(() => parseCurrencyAmount("12.505", "USD")).toThrow(ParseDecimalError);
    expect(() => parseCurrencyAmount("0.001", "EUR")).toThrow("at most 2 decimal places");
  });

  it("refuses malformed and negative amounts", () => {
    expect(() => parseCurrencyAmount("12,50", "USD")).toThrow(ParseDecimalError);
    expect(() => parseCurrencyAmount("-1", "USD")).toThrow("must not be negative");
  });

  it("takes amounts up to 1,000,000,000.00 and refuses anything above, however large", () => {
    expect(MAX_AMOUNT_WHOLE_UNITS).toBe(1_000_000_000n);
    expect(parseCurrencyAmount("1000000000.00", "USD")).toBe(MAX_CURRENCY_AMOUNT);
    expect(parseCurrencyAmount("999999999.99", "EUR")).toBe(MAX_CURRENCY_AMOUNT - ONE / 100n);
    for (const value of ["1000000000.01", "1000000001", `1${"0".repeat(61)}`, "9".repeat(100)]) {
      let error: unknown;
      try {
        parseCurrencyAmount(value, "USD");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ParseDecimalError);
      expect(error).toMatchObject({ code: "too_large", message: "must be at most 1000000000.00" });
    }
  });
});

describe("formatCurrencyAmount", () => {
  it.each(["12.50", "0.00", "1000000.00", "0.01", "999.99"])("round-trips %j", (text) => {
    expect(formatCurrencyAmount(parseCurrencyAmount(text, "USD"), "USD")).toBe(text);
  });

  it("always shows the currency's two decimals", () => {
    expect(formatCurrencyAmount(12n * ONE, "USD")).toBe("12.00");
    expect(formatCurrencyAmount(parseCurrencyAmount("12.5", "EUR"), "EUR")).toBe("12.50");
  });

  it("keeps digits beyond cents when a payment carried them", () => {
    expect(formatCurrencyAmount(12_505n * 10n ** 15n, "USD")).toBe("12.505");
    // One base unit of an 18-decimal token.
    expect(formatCurrencyAmount(1n, "USD")).toBe("0.000000000000000001");
    // One base unit of a 6-decimal token.
    expect(formatCurrencyAmount(tokenToCurrencyUnits(1n, 6), "USD")).toBe("0.000001");
  });
});

describe("tokenToCurrencyUnits", () => {
  it("scales 6-decimal token units up to the invoice scale", () => {
    expect(tokenToCurrencyUnits(12_500_000n, 6)).toBe(parseCurrencyAmount("12.50", "USD"));
    expect(tokenToCurrencyUnits(1n, 6)).toBe(10n ** 12n);
  });

  it("leaves 18-decimal token units as they are", () => {
    expect(tokenToCurrencyUnits(12_500_000_000_000_000_000n, 18)).toBe(12_500_000_000_000_000_000n);
    expect(tokenToCurrencyUnits(1n, 18)).toBe(1n);
  });

  it("refuses tokens with more than 18 decimals", () => {
    expect(() => tokenToCurrencyUnits(1n, 19)).toThrow(RangeError);
    expect(() => tokenToCurrencyUnits(1n, 24)).toThrow("more than 18 decimals");
  });
});

describe("currencyToTokenUnits", () => {
  it("converts invoice amounts to 6-decimal token units exactly", () => {
    expect(currencyToTokenUnits(parseCurrencyAmount("12.50", "USD"), 6)).toBe(12_500_000n);
    expect(currencyToTokenUnits(parseCurrencyAmount("0.01", "USD"), 6)).toBe(10_000n);
  });

  it("converts invoice amounts to 18-decimal token units exactly", () => {
    expect(currencyToTokenUnits(parseCurrencyAmount("12.50", "USD"), 18)).toBe(
      12_500_000_000_000_000_000n,
    );
    expect(currencyToTokenUnits(1n, 18)).toBe(1n);
  });

  it("is the inverse of tokenToCurrencyUnits", () => {
    for (const decimals of [0, 2, 6, 8, 18]) {
      expect(currencyToTokenUnits(tokenToCurrencyUnits(123_456_789n, decimals), decimals)).toBe(
        123_456_789n,
      );
    }
  });

  it("throws rather than truncating an amount the token cannot hold", () => {
    expect(() => currencyToTokenUnits(1n, 6)).toThrow(RangeError);
    expect(() => currencyToTokenUnits(12_505n * 10n ** 15n, 2)).toThrow(
      "cannot be paid exactly with a 2-decimal token",
    );
  });

  it("refuses tokens with more than 18 decimals", () => {
    expect(() => currencyToTokenUnits(ONE, 19)).toThrow(RangeError);
  });
});

describe("isCurrencyCode", () => {
  it.each(["USD", "EUR"])("accepts %j", (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(["usd", "GBP", "", "US", "USDC", "toString", "__proto__", "constructor"])(
    "refuses %j",
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
    },
  );
});
