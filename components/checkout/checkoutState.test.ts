import { describe, expect, it } from "vitest";
import type { CheckoutSubmission } from "@/lib/checkout/view";
import {
  type CheckoutAction,
  type CheckoutState,
  checkoutReducer,
  initialCheckoutState,
  withUnrecorded,
} from "./checkoutState";
import type { WalletErrorMessage } from "./walletErrors";

const declined: WalletErrorMessage = { key: "wallet.error.sendRejected", values: {} };
const refusal: WalletErrorMessage = { key: "rejection.wrong_chain", values: {} };
const submission = (tx_hash: `0x${string}`): CheckoutSubmission => ({
  chain_id: 31337,
  tx_hash,
  status: "unseen",
  error_code: null,
  created_at: "2026-01-01T00:00:00.000Z",
});
const unrecorded: CheckoutAction = {
  type: "unrecorded",
  submission: submission("0xAA"),
  note: "progress.unreachable",
};

function run(...actions: CheckoutAction[]): CheckoutState {
  return actions.reduce(checkoutReducer, initialCheckoutState);
}

describe("checkoutReducer", () => {
  it("starts ready, on the first option and the wallet tab, with no wallet code", () => {
    expect(initialCheckoutState).toEqual({
      payment: { status: "ready" },
      option: 0,
      tab: "wallet",
      wallet: { status: "placeholder" },
      balances: null,
    });
  });

  it("shows a wallet's refusal until the shopper tries again or picks another option", () => {
    expect(run({ type: "walletError", error: declined }).payment).toEqual({
      status: "failed",
      error: declined,
    });
    expect(
      run({ type: "walletError", error: declined }, { type: "walletError", error: null }).payment,
    ).toEqual({ status: "ready" });
    const chosen = run(
      { type: "walletError", error: declined },
      { type: "chooseOption", option: 1 },
    );
    expect(chosen.payment).toEqual({ status: "ready" });
    expect(chosen.option).toBe(1);
  });

  it("sends, then is ready again once the server records the hash", () => {
    expect(run({ type: "sending" }).payment).toEqual({ status: "sending" });
    expect(run({ type: "walletError", error: declined }, { type: "sending" }).payment).toEqual({
      status: "sending",
    });
    expect(run({ type: "sending" }, { type: "recorded" }).payment).toEqual({ status: "ready" });
  });

  it("says why the server refused the hash", () => {
    expect(run({ type: "sending" }, { type: "refused", error: refusal }).payment).toEqual({
      status: "failed",
      error: refusal,
    });
  });

  it("waits on a hash the server could not record, with the reason", () => {
    expect(run({ type: "sending" }, unrecorded).payment).toEqual({
      status: "unrecorded",
      submission: submission("0xAA"),
      note: "progress.unreachable",
    });
  });

  it("lets the post's answer decide while sending, not a wallet message", () => {
    expect(run({ type: "sending" }, { type: "walletError", error: declined }).payment).toEqual({
      status: "sending",
    });
  });

  it("stays paid when the server's answer to a post comes after the invoice was paid", () => {
    for (const answer of [
      { type: "recorded" },
      unrecorded,
      { type: "refused", error: refusal },
    ] as CheckoutAction[]) {
      expect(run({ type: "sending" }, { type: "paid" }, answer).payment).toEqual({
        status: "paid",
      });
    }
  });

  it("ignores a server answer it is not waiting for", () => {
    expect(run({ type: "recorded" }).payment).toEqual({ status: "ready" });
    expect(run(unrecorded).payment).toEqual({ status: "ready" });
  });

  it("keeps the option, tab and balances through every payment status", () => {
    const state = run(
      { type: "chooseOption", option: 2 },
      { type: "chooseTab", tab: "manual" },
      { type: "balances", balances: { "31337:0xabc": "5" } },
      { type: "sending" },
      unrecorded,
    );
    expect(state.option).toBe(2);
    expect(state.tab).toBe("manual");
    expect(state.balances).toEqual({ "31337:0xabc": "5" });
  });

  it("loads the wallet code with the click it is to carry out, once", () => {
    const wanted = run({ type: "reachForWallet", intent: "demo" });
    expect(wanted.wallet).toEqual({ status: "wanted", intent: "demo" });
    expect(checkoutReducer(wanted, { type: "intentDone" }).wallet).toEqual({
      status: "wanted",
      intent: null,
    });
    // A wallet connected before reconnects without a click, and never drops one.
    expect(run({ type: "reconnectWallet" }).wallet).toEqual({ status: "wanted", intent: null });
    expect(checkoutReducer(wanted, { type: "reconnectWallet" }).wallet).toEqual(wanted.wallet);
  });
});

describe("withUnrecorded", () => {
  const invoice = { submissions: [submission("0x01")], payments: [] };

  it("adds the unrecorded hash until the server lists it, in any letter case", () => {
    const waiting = run({ type: "sending" }, unrecorded).payment;
    expect(withUnrecorded(invoice, waiting).map((known) => known.tx_hash)).toEqual([
      "0x01",
      "0xAA",
    ]);
    const listed = { ...invoice, submissions: [submission("0xaa")] };
    expect(withUnrecorded(listed, waiting)).toBe(listed.submissions);
  });

  it("is the invoice's own list otherwise", () => {
    expect(withUnrecorded(invoice, { status: "ready" })).toBe(invoice.submissions);
  });
});
