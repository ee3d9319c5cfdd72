import { describe, expect, it } from "vitest";
import { gasAmount } from "./gasAmount";

describe("gasAmount", () => {
  it("keeps four decimals of whole tokens and three figures of a fraction", () => {
    expect(gasAmount("9999.999873450001", "ETH")).toBe("9,999.9998 ETH");
    expect(gasAmount("10000", "ETH")).toBe("10,000 ETH");
    expect(gasAmount("0.000180000000000001", "ETH")).toBe("0.00018 ETH");
    expect(gasAmount("0.0001234567", "POL")).toBe("0.000123 POL");
    expect(gasAmount("0", "ETH")).toBe("0 ETH");
  });

  it("never rounds a balance just under the floor up to it", () => {
    expect(gasAmount("0.004999999", "ETH")).toBe("0.00499 ETH");
  });
});
