import { describe, expect, it } from "vitest";
import { isSettled } from "./settled";
import { checkoutStage, unseenHint } from "./stage";

const chains = [{ id: 31337, confirmations: 3 }];
const base = { status: "open" as const, payments: [], submissions: [], chains };
const submission = (tx_hash: string, status: string) => ({ chain_id: 31337, tx_hash, status });
const payment = (confirmations: number, status: "confirming" | "confirmed") => ({
  chain_id: 31337,
  tx_hash: "0xaa",
  confirmations,
  status,
});

describe("checkoutStage", () => {
  it("awaits payment until something is sent", () => {
    expect(checkoutStage(base, false)).toEqual({ status: "awaiting" });
  });

  it("is sent while the page posts a hash or a posted one awaits its receipt", () => {
    expect(checkoutStage(base, true)).toEqual({
      status: "sent",
      chainId: null,
      txHash: null,
      seen: false,
    });
    expect(checkoutStage({ ...base, submissions: [submission("0xbb", "pending")] }, false)).toEqual(
      { status: "sent", chainId: 31337, txHash: "0xbb", seen: true },
    );
  });

  it("is sent, not seen, while a posted hash is unknown to the node", () => {
    expect(checkoutStage({ ...base, submissions: [submission("0xcc", "unseen")] }, false)).toEqual({
      status: "sent",
      chainId: 31337,
      txHash: "0xcc",
      seen: false,
    });
  });

  it("waits on the newest unseen hash, and prefers one the node has", () => {
    const unseen = [submission("0xc1", "unseen"), submission("0xc2", "unseen")];
    expect(checkoutStage({ ...base, submissions: unseen }, false)).toMatchObject({
      txHash: "0xc2",
      seen: false,
    });
    expect(
      checkoutStage({ ...base, submissions: [submission("0xbb", "pending"), ...unseen] }, false),
    ).toMatchObject({ txHash: "0xbb", seen: true });
    // The page posting its own transaction says so, even while another posted hash is unseen.
    expect(checkoutStage({ ...base, submissions: unseen }, true)).toMatchObject({
      txHash: null,
      seen: false,
    });
  });

  it("goes back to awaiting once the shopper sets unseen hashes aside", () => {
    const unseen = [submission("0xc1", "unseen"), submission("0xc2", "unseen")];
    expect(checkoutStage({ ...base, submissions: unseen }, false, new Set(["0xc2"]))).toMatchObject(
      { txHash: "0xc1" },
    );
    expect(
      checkoutStage({ ...base, submissions: unseen }, false, new Set(["0xc1", "0xc2"])),
    ).toEqual({ status: "awaiting" });
    // Setting a hash aside never hides one the node has.
    expect(
      checkoutStage(
        { ...base, submissions: [submission("0xbb", "pending")] },
        false,
        new Set(["0xbb"]),
      ),
    ).toMatchObject({ status: "sent", seen: true });
  });

  it("awaits payment when every posted hash is decided", () => {
    const decided = ["credited", "rejected", "abandoned", "replaced"].map((status, index) =>
      submission(`0xd${index}`, status),
    );
    expect(checkoutStage({ ...base, submissions: decided }, false)).toEqual({ status: "awaiting" });
  });

  it("counts confirmations of the chain's required number", () => {
    expect(
      checkoutStage({ ...base, status: "processing", payments: [payment(1, "confirming")] }, false),
    ).toEqual({
      status: "confirming",
      chainId: 31337,
      txHash: "0xaa",
      confirmations: 1,
      required: 3,
    });
  });

  it("is paid once the invoice is, with the last payment's transaction", () => {
    expect(
      checkoutStage({ ...base, status: "paid", payments: [payment(3, "confirmed")] }, false),
    ).toEqual({ status: "paid", chainId: 31337, txHash: "0xaa" });
  });

  it("goes back to awaiting after an underpayment is confirmed", () => {
    expect(checkoutStage({ ...base, payments: [payment(3, "confirmed")] }, false)).toEqual({
      status: "awaiting",
    });
  });
});

describe("unseenHint", () => {
  it("is the newest unseen hash not set aside", () => {
    const submissions = [
      submission("0xc1", "unseen"),
      submission("0xbb", "pending"),
      submission("0xc2", "unseen"),
      submission("0xdd", "rejected"),
    ];
    expect(unseenHint(submissions)?.tx_hash).toBe("0xc2");
    expect(unseenHint(submissions, new Set(["0xc2"]))?.tx_hash).toBe("0xc1");
    expect(unseenHint(submissions, new Set(["0xc1", "0xc2"]))).toBeNull();
    expect(unseenHint([])).toBeNull();
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
