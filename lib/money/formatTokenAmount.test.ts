import { describe, expect, it } from "vitest";
import { formatTokenAmount } from "./formatTokenAmount";

describe("formatTokenAmount", () => {
  it("shows every significant digit of base units, per locale", () => {
    expect(formatTokenAmount("24006144", 6, "USDC", "en")).toBe("24.006144 USDC");
    expect(formatTokenAmount("24006144", 6, "USDC", "es")).toBe("24,006144 USDC");
    expect(formatTokenAmount("12500000", 6, "USDT", "ja")).toBe("12.50 USDT");
    expect(formatTokenAmount("10000000000", 6, "USDC", "en")).toBe("10,000.00 USDC");
    expect(formatTokenAmount("123456789012345678901234567", 18, "DAI", "en")).toBe(
      "123,456,789.012345678901234567 DAI",
    );
  });

  it("groups thousands and keeps every digit, in English by default", () => {
    expect(formatTokenAmount(1_234_567_500_000n, 6)).toBe("1,234,567.50");
    expect(formatTokenAmount(1n, 6)).toBe("0.000001");
    expect(formatTokenAmount(0n, 6)).toBe("0.00");
    expect(formatTokenAmount(1_234_567_500_000n, 6, "USDC")).toBe("1,234,567.50 USDC");
  });

  it("shows whole tokens with two decimals", () => {
    expect(formatTokenAmount(1500n, 0)).toBe("1,500.00");
    expect(formatTokenAmount("7", 0, "PTS")).toBe("7.00 PTS");
  });

  it("takes bigint and string base units alike", () => {
    expect(formatTokenAmount(12_500_000n, 6, "USDC")).toBe(
      formatTokenAmount("12500000", 6, "USDC"),
    );
  });

  it("refuses a string that is not base units rather than guess", () => {
    expect(() => formatTokenAmount("", 6, "USDC")).toThrow(RangeError);
    expect(() => formatTokenAmount("12.5", 6, "USDC")).toThrow(RangeError);
    expect(() => formatTokenAmount("1e6", 6, "USDC")).toThrow(RangeError);
  });
});
