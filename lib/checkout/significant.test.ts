import { describe, expect, it } from "vitest";
import { roundToSignificant } from "./significant";

describe("roundToSignificant", () => {
  it("rounds a fee up to a few significant digits, exactly", () => {
    // 65,000 gas at 1.0147715 gwei: 0.00006596014919 ETH.
    expect(roundToSignificant(65_960_149_190_000n, 18, 3, "up")).toBe("0.000066");
    expect(roundToSignificant(65_960_149_190_000n, 18, 4, "up")).toBe("0.00006597");
  });

  it("rounds what the shopper has down, so it is never overstated", () => {
    expect(roundToSignificant(65_960_149_190_000n, 18, 3, "down")).toBe("0.0000659");
  });

  it("leaves an amount that already has few digits as it is", () => {
    expect(roundToSignificant(0n, 18, 3, "up")).toBe("0.00");
    expect(roundToSignificant(10n ** 18n, 18, 3, "up")).toBe("1.00");
    expect(roundToSignificant(1_500_000n, 6, 3, "down")).toBe("1.50");
  });

  it("carries into the next digit", () => {
    expect(roundToSignificant(9_991n, 18, 3, "up")).toBe("0.00000000000001");
  });

  it("never rounds away whole units", () => {
    expect(roundToSignificant(1_234_567_800_000_000_000_000n, 18, 3, "up")).toBe("1235.00");
    expect(roundToSignificant(1_234_567_800_000_000_000_000n, 18, 3, "down")).toBe("1234.00");
  });

  it("keeps digits far beyond what a JS number holds", () => {
    const huge = 123_456_789_012_345_678_901_234_567n;
    expect(roundToSignificant(huge, 18, 3, "down")).toBe("123456789.00");
  });
});
