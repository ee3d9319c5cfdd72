import { describe, expect, it } from "vitest";
import { isSettled } from "./settled";
import { checkoutStage } from "./stage";

const chains = [{ id: 31337, confirmations: 3 }];
const base = { status: "open" as const, payments: [], submissions: [], chains };
const payment = (confirmations: number, status: "confirming" | "confirmed") => ({
  chain_id: 31337,
  tx_hash: "0xaa",
  confirmations,
  status,
});

describe("checkoutStage", () => {
  it("awaits payment until something is sent", () => {
    expect(checkoutStage(base, false)).toEqual({ step: "awaiting" });
  });

  it("is sent while the page posts a hash or a posted one awaits its receipt", () => {
    expect(checkoutStage(base, true)).toEqual({ step: "sent", chainId: null, txHash: null });
    expect(
      checkoutStage(
        { ...base, submissions: [{ chain_id: 31337, tx_hash: "0xbb", status: "pending" }] },
        false,
      ),
    ).toEqual({ step: "sent", chainId: 31337, txHash: "0xbb" });
  });

  it("counts confirmations of the chain's required number", () => {
    expect(
      checkoutStage({ ...base, status: "processing", payments: [payment(1, "confirming")] }, false),
    ).toEqual({
      step: "confirming",
      chainId: 31337,
      txHash: "0xaa",
      confirmations: 1,
      required: 3,
    });
  });

  it("is paid once the invoice is, with the last payment's transaction", () => {
    expect(
      checkoutStage({ ...base, status: "paid", payments: [payment(3, "confirmed")] }, false),
    ).toEqual({ step: "paid", chainId: 31337, txHash: "0xaa" });
  });

  it("goes back to awaiting after an underpayment is confirmed", () => {
    expect(checkoutStage({ ...base, payments: [payment(3, "confirmed")] }, false)).toEqual({
      step: "awaiting",
    });
  });
});

describe("isSettled", () => {
  it("is final only for an end state with nothing in flight", () => {
    expect(isSettled(base)).toBe(false);
    expect(isSettled({ ...base, status: "paid" })).toBe(true);
    expect(isSettled({ ...base, status: "expired" })).toBe(true);
    expect(isSettled({ ...base, status: "paid", payments: [payment(1, "confirming")] })).toBe(
      false,
    );
    expect(isSettled({ ...base, status: "expired", submissions: [{ status: "pending" }] })).toBe(
      false,
    );
  });
});
