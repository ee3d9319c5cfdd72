import { describe, expect, it } from "vitest";
import { DomainError, parseInput } from "../errors";
import { MAX_CURRENCY_AMOUNT } from "../money/currencies";
import { createInvoiceBody } from "./schemas";

function refusal(body: Record<string, unknown>): DomainError {
  try {
    parseInput(createInvoiceBody, { currency: "USD", ...body });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
}

describe("createInvoiceBody amount limits", () => {
  it("accepts the largest amount, with items that add up to it", () => {
    const body = parseInput(createInvoiceBody, {
      amount: "1000000000.00",
      currency: "EUR",
      items: [{ name: "Ship", quantity: 4, unit_amount: "250000000" }],
    });
    expect(body.amountUnits).toBe(MAX_CURRENCY_AMOUNT);
  });

  it.each([
    "1000000000.01",
    "1000000000000000000000000000000000000000000000000000000000001",
    "9".repeat(200),
  ])("refuses amount %s with a 400 naming amount", (amount) => {
    const error = refusal({ amount });
    expect(error).toMatchObject({
      code: "parameter_invalid",
      param: "amount",
      message: "Invalid amount: must be at most 1000000000.00.",
    });
  });

  it("refuses a unit_amount above the limit, naming the item", () => {
    const error = refusal({
      amount: "10.00",
      items: [
        { name: "Tea", quantity: 1, unit_amount: "10.00" },
        { name: "Yacht", quantity: 1, unit_amount: `1${"0".repeat(70)}` },
      ],
    });
    expect(error).toMatchObject({
      code: expect.stringMatching(/^parameter_/),
      param: "items.1.unit_amount",
    });
    expect(error.message).toBe("Invalid items.1.unit_amount: must be at most 1000000000.00.");
  });

  it("refuses items whose total exceeds the limit although each is within it", () => {
    const error = refusal({
      amount: "1000000000.00",
      items: [{ name: "Gold", quantity: 1_000_000, unit_amount: "999999999.99" }],
    });
    expect(error).toMatchObject({ code: expect.stringMatching(/^parameter_/), param: "items" });
    expect(error.message).toMatch(/must add up to at most 1000000000\.00\.$/);
  });
});
