import { describe, expect, it } from "vitest";
import { formatMoney, lineTotal, subtractAmounts } from "./format";

// Intl's output uses no-break spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it.each([
    ["en", "1234.50", "USD", "$1,234.50"],
    ["es", "1234.50", "USD", "1234,50 US$"],
    ["es", "12345.50", "EUR", "12.345,50 €"],
    ["zh-CN", "1234.50", "USD", "US$1,234.50"],
    ["ja", "1234.50", "USD", "$1,234.50"],
    ["ja", "25.00", "EUR", "€25.00"],
  ])("%s: %s %s -> %s", (locale, amount, currency, expected) => {
    expect(plain(formatMoney(amount, currency, locale))).toBe(expected);
  });

  it("keeps every digit of an amount far beyond a double's precision", () => {
    // 2^53 is about 9.007e15: a JS number would round these digits away.
    expect(formatMoney("98765432109876543210.99", "USD", "en")).toBe(
      "$98,765,432,109,876,543,210.99",
    );
    expect(plain(formatMoney("98765432109876543210.99", "EUR", "es"))).toBe(
      "98.765.432.109.876.543.210,99 €",
    );
  });

  it("refuses what is not a decimal string rather than guessing", () => {
    expect(() => formatMoney("12,50", "USD", "en")).toThrow(RangeError);
    expect(() => formatMoney("1e3", "USD", "en")).toThrow(RangeError);
  });
});

describe("exact amount arithmetic", () => {
  it("multiplies a line and subtracts amounts without floating point", () => {
    expect(lineTotal("0.10", 3)).toBe("0.30");
    expect(lineTotal("19.99", 7)).toBe("139.93");
    expect(subtractAmounts("12.60", "12.50")).toBe("0.10");
    expect(subtractAmounts("0.30", "0.10")).toBe("0.20");
  });
});
