import { describe, expect, it } from "vitest";
import type { CheckoutInvoice, CheckoutSubmission } from "@/lib/checkout/view";
import {
  type CheckoutAction,
  type CheckoutState,
  checkoutReducer,
  initialCheckoutState,
  withRelayedSubmission,
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
const sending: CheckoutAction = { type: "sending", method: "transaction" };
const unrecorded: CheckoutAction = {
  type: "unrecorded",
  submission: submission("0xAA"),
  note: "progress.unreachable",
};

function run(...actions: CheckoutAction[]): CheckoutState {
  return actions.reduce(checkoutReducer, initialCheckoutState);
}

describe("checkoutReducer", () => {
  it("starts ready, on the first option, paying by signature where offered, with no wallet code", () => {
    expect(initialCheckoutState).toEqual({
      payment: { status: "ready" },
      option: 0,
      method: "signature",
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
    expect(run(sending).payment).toEqual({ status: "sending", method: "transaction" });
    expect(run({ type: "walletError", error: declined }, sending).payment).toEqual({
      status: "sending",
      method: "transaction",
    });
    expect(run(sending, { type: "recorded" }).payment).toEqual({ status: "ready" });
  });

  it("says why the server refused the hash", () => {
    expect(run(sending, { type: "refused", error: refusal }).payment).toEqual({
      status: "failed",
      error: refusal,
    });
  });

  it("waits on a hash the server could not record, with the reason", () => {
    expect(run(sending, unrecorded).payment).toEqual({
      status: "unrecorded",
      submission: submission("0xAA"),
      note: "progress.unreachable",
    });
  });

  it("lets the post's answer decide while sending, not a wallet message", () => {
    expect(run(sending, { type: "walletError", error: declined }).payment).toEqual({
      status: "sending",
      method: "transaction",
    });
  });

  it("stays paid when the server's answer to a post comes after the invoice was paid", () => {
    for (const answer of [
      { type: "recorded" },
      unrecorded,
      { type: "refused", error: refusal },
    ] as CheckoutAction[]) {
      expect(run(sending, { type: "paid" }, answer).payment).toEqual({
        status: "paid",
      });
    }
  });

  it("turns to a transaction when told, and a message about the other way to pay goes", () => {
    const declinedSignature = run(
      { type: "walletError", error: declined },
      { type: "chooseMethod", method: "transaction" },
    );
    expect(declinedSignature.method).toBe("transaction");
    expect(declinedSignature.payment).toEqual({ status: "ready" });
    expect(
      run(sending, { type: "chooseMethod", method: "signature" }, { type: "recorded" }).method,
    ).toBe("signature");
  });

  it("turns to a transaction with the refusal that says why signing cannot pay now", () => {
    const refused = run(
      { type: "sending", method: "signature" },
      { type: "refused", error: refusal, method: "transaction" },
    );
    expect(refused.method).toBe("transaction");
    expect(refused.payment).toEqual({ status: "failed", error: refusal });
    // A refusal that is not waited for changes nothing, the way to pay included.
    expect(run({ type: "refused", error: refusal, method: "transaction" }).method).toBe(
      "signature",
    );
    // Without a way to turn to, the shopper stays on the one they chose.
    expect(
      run({ type: "sending", method: "signature" }, { type: "refused", error: refusal }).method,
    ).toBe("signature");
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
      sending,
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
    const waiting = run(sending, unrecorded).payment;
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

describe("withRelayedSubmission", () => {
  const relayed = `0x${"ab".repeat(32)}` as const;
  const invoice = {
    submissions: [submission("0xAA")],
    payments: [],
  } as unknown as CheckoutInvoice;

  it("lists the relayed transaction as pending, which holds the options and shows it sent", () => {
    const now = new Date("2026-01-01T00:00:05.000Z");
    const shown = withRelayedSubmission(invoice, 31337, relayed, now);
    expect(shown.submissions).toEqual([
      submission("0xAA"),
      {
        chain_id: 31337,
        tx_hash: relayed,
        status: "pending",
        error_code: null,
        created_at: now.toISOString(),
      },
    ]);
    expect(invoice.submissions).toHaveLength(1);
  });

  it("leaves an invoice that lists it already as it is", () => {
    const listed = {
      ...invoice,
      submissions: [{ ...submission(relayed), status: "pending" }],
    } as CheckoutInvoice;
    expect(withRelayedSubmission(listed, 31337, relayed.toUpperCase() as `0x${string}`)).toBe(
      listed,
    );
  });
});
