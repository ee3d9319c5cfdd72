import type { CheckoutInvoice, CheckoutSubmission } from "@/lib/checkout/view";
import type { MessageKey } from "@/lib/i18n/messages/en";
import type { WalletErrorMessage } from "./walletErrors";

/** The demo wallets: one with ETH for gas, one with test tokens only (it pays by signature). */
export type DemoWalletKind = "demo" | "demoWithoutGas";

/** What the shopper asked for before the wallet code arrived: the wallet list, or a demo wallet. */
export type WalletIntent = "connect" | DemoWalletKind;

/**
 * How a connected wallet pays an option that offers both: a signed EIP-3009 authorization the
 * merchant's relayer submits (no gas needed), or a transaction the wallet sends itself.
 */
export type PayMethod = "signature" | "transaction";

/**
 * The payment this page makes, each status with what it shows:
 * - ready: nothing sent from here; the options wait for the shopper.
 * - failed: the wallet or the server refused; the sentence under the options says why.
 * - sending: the page is telling the server the hash of the transaction the wallet sent, or
 *   handing it the signed authorization to relay (`method`).
 * - unrecorded: the server could not record that hash (unreachable, or too many hashes from here
 *   still waiting); the transaction is on its way all the same, so the page waits on it as on an
 *   unseen hash, with `note` saying why.
 * - paid: the invoice turned paid while this page watched (the receipt may lead back to the store).
 */
export type PaymentLifecycle =
  | { status: "ready" }
  | { status: "failed"; error: WalletErrorMessage }
  | { status: "sending"; method: PayMethod }
  | { status: "unrecorded"; submission: CheckoutSubmission; note: MessageKey }
  | { status: "paid" };

/** The wallet tab: buttons alone until the shopper reaches for a wallet (or had one before). */
export type WalletPanel =
  | { status: "placeholder" }
  /** The wallet code is loading or loaded; `intent` is the click it carries out once it is. */
  | { status: "wanted"; intent: WalletIntent | null };

export type CheckoutTab = "wallet" | "manual";

export type CheckoutState = {
  payment: PaymentLifecycle;
  /** The chosen payment option, by its place in the invoice's options. */
  option: number;
  /** How to pay where the option offers a signature; a transaction where it does not. */
  method: PayMethod;
  tab: CheckoutTab;
  wallet: WalletPanel;
  /** The connected wallet's balance of each option's token, in base units; null: none connected. */
  balances: Record<string, string> | null;
};

export type CheckoutAction =
  | { type: "chooseOption"; option: number }
  | { type: "chooseMethod"; method: PayMethod }
  | { type: "chooseTab"; tab: CheckoutTab }
  /** The shopper clicked a wallet button before the wallet code arrived. */
  | { type: "reachForWallet"; intent: WalletIntent }
  /** This browser connected a wallet before: load the wallet code to reconnect it. */
  | { type: "reconnectWallet" }
  | { type: "intentDone" }
  | { type: "balances"; balances: Record<string, string> | null }
  /** From the wallet: what went wrong, or null as it tries again. */
  | { type: "walletError"; error: WalletErrorMessage | null }
  | { type: "sending"; method: PayMethod }
  | { type: "recorded" }
  | { type: "unrecorded"; submission: CheckoutSubmission; note: MessageKey }
  /** The server refused; `method`: the way to pay the page turns to, which the error explains. */
  | { type: "refused"; error: WalletErrorMessage; method?: PayMethod }
  | { type: "paid" };

export const initialCheckoutState: CheckoutState = {
  payment: { status: "ready" },
  option: 0,
  method: "signature",
  tab: "wallet",
  wallet: { status: "placeholder" },
  balances: null,
};

function withPayment(state: CheckoutState, payment: PaymentLifecycle): CheckoutState {
  return { ...state, payment };
}

export function checkoutReducer(state: CheckoutState, action: CheckoutAction): CheckoutState {
  const { payment, wallet } = state;
  switch (action.type) {
    case "chooseOption":
      return {
        ...state,
        option: action.option,
        payment: payment.status === "failed" ? { status: "ready" } : payment,
      };
    // A message about the other way to pay no longer applies.
    case "chooseMethod":
      return {
        ...state,
        method: action.method,
        payment: payment.status === "failed" ? { status: "ready" } : payment,
      };
    case "chooseTab":
      return { ...state, tab: action.tab };
    case "reachForWallet":
      return { ...state, wallet: { status: "wanted", intent: action.intent } };
    case "reconnectWallet":
      return wallet.status === "placeholder"
        ? { ...state, wallet: { status: "wanted", intent: null } }
        : state;
    case "intentDone":
      return wallet.status === "wanted" ? { ...state, wallet: { ...wallet, intent: null } } : state;
    case "balances":
      return { ...state, balances: action.balances };
    case "walletError":
      if (action.error === null) {
        return payment.status === "failed" ? withPayment(state, { status: "ready" }) : state;
      }
      // While the hash is being posted, what that post answers decides what comes next.
      return payment.status === "sending"
        ? state
        : withPayment(state, { status: "failed", error: action.error });
    case "sending":
      return withPayment(state, { status: "sending", method: action.method });
    // The server's answer to a post only counts while the page waits for it: an invoice paid
    // meanwhile stays paid.
    case "recorded":
      return payment.status === "sending" ? withPayment(state, { status: "ready" }) : state;
    case "unrecorded":
      return payment.status === "sending"
        ? withPayment(state, {
            status: "unrecorded",
            submission: action.submission,
            note: action.note,
          })
        : state;
    case "refused":
      if (payment.status !== "sending") return state;
      return {
        ...state,
        method: action.method ?? state.method,
        payment: { status: "failed", error: action.error },
      };
    case "paid":
      return withPayment(state, { status: "paid" });
  }
}

/** The invoice's submissions, with this page's unrecorded one until the server lists its hash. */
export function withUnrecorded(
  invoice: Pick<CheckoutInvoice, "submissions" | "payments">,
  payment: PaymentLifecycle,
): CheckoutSubmission[] {
  if (payment.status !== "unrecorded") return invoice.submissions;
  const hash = payment.submission.tx_hash.toLowerCase();
  const listed = [...invoice.submissions, ...invoice.payments].some(
    (known) => known.tx_hash.toLowerCase() === hash,
  );
  return listed ? invoice.submissions : [...invoice.submissions, payment.submission];
}

/**
 * The invoice with the transaction the relayer broadcast for this page's signed authorization,
 * pending, as the server recorded it before answering; until the live invoice lists it, this
 * holds the options and shows it sent.
 */
export function withRelayedSubmission(
  invoice: CheckoutInvoice,
  chainId: number,
  txHash: `0x${string}`,
  now: Date = new Date(),
): CheckoutInvoice {
  const hash = txHash.toLowerCase();
  if (invoice.submissions.some((known) => known.tx_hash.toLowerCase() === hash)) return invoice;
  const relayed: CheckoutSubmission = {
    chain_id: chainId,
    tx_hash: txHash,
    status: "pending",
    error_code: null,
    created_at: now.toISOString(),
  };
  return { ...invoice, submissions: [...invoice.submissions, relayed] };
}
