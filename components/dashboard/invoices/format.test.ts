import { describe, expect, it } from "vitest";
import { money } from "./format";

describe("money", () => {
  it("groups thousands and shows the currency's sign, as the checkout does", () => {
    expect(money("1234.50", "USD")).toBe("$1,234.50");
    expect(money("12.5", "EUR")).toBe("€12.50");
    expect(money("0.00", "USD")).toBe("$0.00");
  });

  it("keeps every digit of a long amount", () => {
    expect(money("12345678901234567890.123456", "USD")).toBe("$12,345,678,901,234,567,890.123456");
  });
});
