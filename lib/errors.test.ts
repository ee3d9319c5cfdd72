import { describe, expect, it } from "vitest";
import { type ZodError, z } from "zod";
import { DomainError, fromZodError, invalidParameter, notFound, parseInput } from "./errors";
import { createInvoiceBody } from "./invoices/schemas";

/**
 * The ZodError of a failing safeParse; fails the test if parsing succeeds. Parses with
 * `reportInput: true`, as parseInput does, so that issues carry
 * the input that fromZodError uses to tell a missing field from a wrong one.
 */
function zodError(schema: z.ZodType, input: unknown, reportInput = true): ZodError {
  const result = schema.safeParse(input, { reportInput });
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error;
}

/** The error a create-invoice request body is refused with. */
function invoiceError(body: Record<string, unknown>): DomainError {
  return fromZodError(zodError(createInvoiceBody, body));
}

describe("DomainError", () => {
  it("is an Error with its code, message and param, and no HTTP status", () => {
    const error = new DomainError("reference_mismatch", "Wrong invoice.", "tx_hash");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DomainError");
    expect(error.code).toBe("reference_mismatch");
    expect(error.message).toBe("Wrong invoice.");
    expect(error.param).toBe("tx_hash");
    expect("status" in error).toBe(false);
  });

  it("has param null when no parameter is at fault", () => {
    expect(new DomainError("api_key_missing", "Send your API key.").param).toBeNull();
  });

  it("has helpers for invalid parameters and missing resources", () => {
    const invalid = invalidParameter("amount", "Bad.");
    expect([invalid.code, invalid.message, invalid.param]).toEqual([
      "parameter_invalid",
      "Bad.",
      "amount",
    ]);
    const missing = notFound("invoice");
    expect(missing.code).toBe("resource_not_found");
    expect(missing.message).toBe("No such invoice.");
    expect(missing.param).toBe("id");
  });

  it("parseInput returns the parsed value, or throws the error naming the field", () => {
    expect(parseInput(z.strictObject({ n: z.number() }), { n: 1 })).toEqual({ n: 1 });
    let thrown: unknown;
    try {
      parseInput(z.strictObject({ n: z.number() }), {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe("parameter_missing");
    expect((thrown as DomainError).param).toBe("n");
  });
});

describe("fromZodError", () => {
  const schema = z.strictObject({
    name: z.string(),
    count: z.number().int().min(1, "must be at least 1").optional(),
    address: z.strictObject({ city: z.string() }).optional(),
  });

  it("answers an unknown key with parameter_unknown naming the key", () => {
    const error = fromZodError(zodError(schema, { name: "a", colour: "red" }));
    expect(error.code).toBe("parameter_unknown");
    expect(error.param).toBe("colour");
    expect(error.message).toBe("Unknown parameter: colour.");
  });

  it("names an unknown nested key by its full path", () => {
    const error = fromZodError(zodError(schema, { name: "a", address: { city: "x", zip: "1" } }));
    expect(error.code).toBe("parameter_unknown");
    expect(error.param).toBe("address.zip");
  });

  it("answers a missing required field with parameter_missing", () => {
    const error = fromZodError(zodError(schema, {}));
    expect(error.code).toBe("parameter_missing");
    expect(error.param).toBe("name");
    expect(error.message).toBe("Missing required parameter: name.");
  });

  it("answers an invalid value with parameter_invalid and the field path", () => {
    const error = fromZodError(zodError(schema, { name: "a", count: 0 }));
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe("count");
    expect(error.message).toBe("Invalid count: must be at least 1.");
  });

  it("uses the dotted path for nested fields", () => {
    const error = fromZodError(zodError(schema, { name: "a", address: { city: 5 } }));
    expect(error.param).toBe("address.city");
  });

  it("answers a present value of the wrong type with parameter_invalid, not parameter_missing", () => {
    // The field was sent; telling the caller it is missing would send them looking for a typo.
    const error = fromZodError(zodError(schema, { name: 42 }));
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe("name");
  });

  it("ends every message with exactly one period", () => {
    const error = fromZodError(
      zodError(z.strictObject({ n: z.number().max(1, "too big.") }), { n: 2 }),
    );
    expect(error.message).toBe("Invalid n: too big.");
  });

  it("has param null when the whole body is at fault", () => {
    const error = fromZodError(zodError(schema, "not an object"));
    expect(error.param).toBeNull();
    expect(error.code).toBe("parameter_invalid");
  });
});

describe("fromZodError with a ZodError parsed without reportInput", () => {
  // A plain schema.parse() (no reportInput) strips `input` from zod 4 issues. Such errors still
  // reach fromZodError through the `instanceof ZodError` branch of lib/api/route.ts.
  const schema = z.strictObject({ amount: z.string() });

  it("does not call a field that was sent but has the wrong type missing", () => {
    const error = fromZodError(zodError(schema, { amount: 12.5 }, false));
    expect(error.param).toBe("amount");
    expect(error.code).not.toBe("parameter_missing");
    expect(error.message).not.toContain("Missing");
  });
});

describe("createInvoiceBody through fromZodError", () => {
  const valid = { amount: "12.50", currency: "USD" };

  it("accepts a valid body and computes the amount at the internal scale", () => {
    const result = createInvoiceBody.safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data?.amountUnits).toBe(12_500_000_000_000_000_000n);
    expect(result.data?.currency).toBe("USD");
  });

  it("accepts every optional field", () => {
    const result = createInvoiceBody.safeParse({
      ...valid,
      order_id: "order-1",
      description: "Two coffees",
      metadata: { customer: "42" },
      expires_in: 3600,
      redirect_url: "https://shop.example.com/thanks",
    });
    expect(result.success).toBe(true);
  });

  it("accepts a lowercase currency and normalises it", () => {
    const result = createInvoiceBody.safeParse({ ...valid, currency: "usd" });
    expect(result.success).toBe(true);
    expect(result.data?.currency).toBe("USD");
    const eur = createInvoiceBody.safeParse({ ...valid, currency: "eur" });
    expect(eur.data?.currency).toBe("EUR");
  });

  it("refuses a currency it does not accept", () => {
    const error = invoiceError({ ...valid, currency: "GBP" });
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe("currency");
    expect(error.message).toBe("Invalid currency: must be USD or EUR.");
  });

  it.each([
    ["abc", 'must be a decimal number such as "12.50"'],
    ["-1", "must not be negative"],
    ["0", "must be greater than 0"],
    ["0.00", "must be greater than 0"],
    ["1.234", "must have at most 2 decimal places"],
    ["", 'must be a decimal number such as "12.50"'],
    ["1e3", 'must be a decimal number such as "12.50"'],
  ])("refuses amount %j: %s", (amount, reason) => {
    const error = invoiceError({ ...valid, amount });
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe("amount");
    expect(error.message).toBe(`Invalid amount: ${reason}.`);
  });

  it("refuses an amount sent as a JSON number as invalid, not missing", () => {
    const error = invoiceError({ ...valid, amount: 12.5 });
    expect(error.param).toBe("amount");
    expect(error.code).toBe("parameter_invalid");
  });

  it("answers a missing amount with parameter_missing", () => {
    const error = invoiceError({ currency: "USD" });
    expect(error.code).toBe("parameter_missing");
    expect(error.param).toBe("amount");
  });

  it("answers a missing currency with parameter_missing", () => {
    const error = invoiceError({ amount: "12.50" });
    expect(error.code).toBe("parameter_missing");
    expect(error.param).toBe("currency");
  });

  it("refuses unknown fields, so a typo never goes unnoticed", () => {
    const error = invoiceError({ ...valid, expires_at: 3600 });
    expect(error.code).toBe("parameter_unknown");
    expect(error.param).toBe("expires_at");
  });

  it.each([59, 604_801, 60.5])("refuses expires_in %s", (expiresIn) => {
    const error = invoiceError({ ...valid, expires_in: expiresIn });
    expect(error.code).toBe("parameter_invalid");
    expect(error.param).toBe("expires_in");
  });

  it("accepts expires_in at both limits", () => {
    expect(createInvoiceBody.safeParse({ ...valid, expires_in: 60 }).success).toBe(true);
    expect(createInvoiceBody.safeParse({ ...valid, expires_in: 604_800 }).success).toBe(true);
  });

  it("refuses metadata with more than 50 keys", () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    const error = invoiceError({ ...valid, metadata });
    expect(error.param?.startsWith("metadata")).toBe(true);
    expect(error.code).toBe("parameter_invalid");
  });

  it("accepts metadata with exactly 50 keys and 500-character values", () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`, "v".repeat(500)]),
    );
    expect(createInvoiceBody.safeParse({ ...valid, metadata }).success).toBe(true);
  });

  it("refuses a metadata value longer than 500 characters", () => {
    const error = invoiceError({ ...valid, metadata: { note: "x".repeat(501) } });
    expect(error.param?.startsWith("metadata")).toBe(true);
    expect(error.code).toBe("parameter_invalid");
  });

  it("refuses a metadata key longer than 40 characters", () => {
    const error = invoiceError({ ...valid, metadata: { ["k".repeat(41)]: "v" } });
    expect(error.param?.startsWith("metadata")).toBe(true);
  });

  it.each(["javascript:alert(1)", "ftp://shop.example.com", "not a url"])(
    "refuses redirect_url %j",
    (redirectUrl) => {
      const error = invoiceError({ ...valid, redirect_url: redirectUrl });
      expect(error.code).toBe("parameter_invalid");
      expect(error.param).toBe("redirect_url");
    },
  );
});
