import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { callsOutcome, paymasterServiceSupported, sendCallsSupported } from "./walletCalls";

const HASH_A: Hex = `0x${"a".repeat(64)}`;
const HASH_B: Hex = `0x${"b".repeat(64)}`;

describe("sendCallsSupported", () => {
  it("is true when the wallet lists the chain, by hex id, number or for all chains", () => {
    expect(sendCallsSupported({ "0x2105": { atomic: { status: "supported" } } }, 8453)).toBe(true);
    expect(sendCallsSupported({ 8453: {} }, 8453)).toBe(true);
    expect(sendCallsSupported({ "0x0": { paymasterService: { supported: true } } }, 8453)).toBe(
      true,
    );
    // Listed without atomicity: one call needs none.
    expect(sendCallsSupported({ "0x7a69": { atomic: { status: "unsupported" } } }, 31337)).toBe(
      true,
    );
  });

  it("is false for another chain only, an empty map, or what is not a map", () => {
    expect(sendCallsSupported({ "0x1": {} }, 8453)).toBe(false);
    expect(sendCallsSupported({}, 8453)).toBe(false);
    expect(sendCallsSupported({ "0x2105": null }, 8453)).toBe(false);
    expect(sendCallsSupported({ "0x2105": "yes" }, 8453)).toBe(false);
    for (const answer of [undefined, null, "0x2105", 8453, true, [{ "0x2105": {} }]]) {
      expect(sendCallsSupported(answer, 8453)).toBe(false);
    }
  });
});

describe("callsOutcome", () => {
  it("waits while pending, and while confirmed without receipts yet", () => {
    expect(callsOutcome({ statusCode: 100 })).toEqual({ status: "pending" });
    expect(callsOutcome({ statusCode: 100, receipts: [] })).toEqual({ status: "pending" });
    expect(callsOutcome({ statusCode: 200, receipts: [] })).toEqual({ status: "pending" });
  });

  it("reports every hash of a confirmed bundle, in call order", () => {
    expect(
      callsOutcome({ statusCode: 200, receipts: [{ status: "success", transactionHash: HASH_A }] }),
    ).toEqual({ status: "included", hashes: [HASH_A] });
    expect(
      callsOutcome({
        statusCode: 200,
        receipts: [
          { status: "success", transactionHash: HASH_A },
          { status: "success", transactionHash: HASH_B },
        ],
      }),
    ).toEqual({ status: "included", hashes: [HASH_A, HASH_B] });
  });

  it("fails an off-chain failure, a revert, a partial revert, and any reverted receipt", () => {
    expect(callsOutcome({ statusCode: 400 })).toEqual({ status: "failed" });
    const reverted = [{ status: "reverted" as const, transactionHash: HASH_A }];
    expect(callsOutcome({ statusCode: 500, receipts: reverted })).toEqual({ status: "failed" });
    expect(
      callsOutcome({
        statusCode: 600,
        receipts: [{ status: "success", transactionHash: HASH_B }, ...reverted],
      }),
    ).toEqual({ status: "failed" });
    // A wallet that says "confirmed" over a reverted receipt did not pay.
    expect(callsOutcome({ statusCode: 200, receipts: reverted })).toEqual({ status: "failed" });
  });

  it("treats a code outside the spec as a failure, never as paid", () => {
    for (const statusCode of [0, 99, 300, 700, Number.NaN]) {
      expect(callsOutcome({ statusCode })).toEqual({ status: "failed" });
    }
  });
});

describe("paymasterServiceSupported", () => {
  it("is true only when the chain's (or every chain's) capabilities say supported: true", () => {
    expect(
      paymasterServiceSupported({ "0x2105": { paymasterService: { supported: true } } }, 8453),
    ).toBe(true);
    expect(
      paymasterServiceSupported({ "0x0": { paymasterService: { supported: true } } }, 8453),
    ).toBe(true);
    expect(
      paymasterServiceSupported({ "0x2105": { paymasterService: { supported: false } } }, 8453),
    ).toBe(false);
    expect(
      paymasterServiceSupported({ "0x2105": { paymasterService: { supported: "yes" } } }, 8453),
    ).toBe(false);
    expect(paymasterServiceSupported({ "0x2105": { atomic: { status: "supported" } } }, 8453)).toBe(
      false,
    );
    expect(
      paymasterServiceSupported({ "0x1": { paymasterService: { supported: true } } }, 8453),
    ).toBe(false);
    for (const answer of [undefined, null, "0x2105", [], { "0x2105": null }]) {
      expect(paymasterServiceSupported(answer, 8453)).toBe(false);
    }
  });
});
