import { describe, expect, it } from "vitest";
import { violatesConstraint } from "./errors";

describe("violatesConstraint", () => {
  const databaseError = Object.assign(new Error("duplicate key value"), {
    code: "23505",
    constraint: "manual_amounts_held_unique",
  });

  it("finds the constraint on the error or on the error it wraps", () => {
    expect(violatesConstraint(databaseError, "manual_amounts_held_unique")).toBe(true);
    const wrapped = new Error("Failed query: insert …", { cause: databaseError });
    expect(violatesConstraint(wrapped, "manual_amounts_held_unique")).toBe(true);
  });

  it("is false for another constraint, another error, or no error at all", () => {
    expect(violatesConstraint(databaseError, "invoices_reference_unique")).toBe(false);
    expect(
      violatesConstraint(new Error("connection terminated"), "manual_amounts_held_unique"),
    ).toBe(false);
    expect(violatesConstraint(undefined, "x")).toBe(false);
    expect(violatesConstraint("23505", "x")).toBe(false);
  });

  it("stops on an error that wraps itself", () => {
    const looping = new Error("loop") as Error & { cause?: unknown };
    looping.cause = looping;
    expect(violatesConstraint(looping, "x")).toBe(false);
  });
});
