/** Where the shopper stands, as the checkout's stepper shows it; each step with its transaction. */
export type CheckoutStage =
  | { status: "awaiting" }
  /**
   * seen: the chain's node has the transaction (pending); false: only a posted hash the node
   * does not know yet (unseen), or the page still posting one (no hash).
   */
  | { status: "sent"; chainId: number | null; txHash: string | null; seen: boolean }
  | {
      status: "confirming";
      chainId: number;
      txHash: string;
      confirmations: number;
      required: number;
    }
  | { status: "paid"; chainId: number | null; txHash: string | null };

export const STEPS = [
  "awaiting",
  "sent",
  "confirming",
  "paid",
] as const satisfies readonly CheckoutStage["status"][];

type StageSubmission = { chain_id: number; tx_hash: string; status: string };

type StageInput = {
  status: "open" | "processing" | "paid" | "expired" | "canceled";
  payments: readonly {
    chain_id: number;
    tx_hash: string;
    confirmations: number;
    status: "confirming" | "confirmed";
  }[];
  submissions: readonly StageSubmission[];
  chains: readonly { id: number; confirmations: number }[];
};

/**
 * The posted hash the node does not know yet that the page waits on: the newest unseen one the
 * shopper has not set aside (by choosing to pay another way). Submissions are oldest first.
 */
export function unseenHint<Submission extends StageSubmission>(
  submissions: readonly Submission[],
  setAside: ReadonlySet<string> = new Set(),
): Submission | null {
  for (let index = submissions.length - 1; index >= 0; index--) {
    const submission = submissions[index];
    if (submission?.status === "unseen" && !setAside.has(submission.tx_hash)) return submission;
  }
  return null;
}

/**
 * The stepper's step: paid once the invoice is; confirming while a payment is short of its
 * chain's confirmations; sent while a posted transaction awaits its receipt (or the page is
 * posting one, or a posted hash the node does not know yet is not set aside); otherwise
 * awaiting payment.
 */
export function checkoutStage(
  invoice: StageInput,
  sending: boolean,
  setAside: ReadonlySet<string> = new Set(),
): CheckoutStage {
  const last = invoice.payments[invoice.payments.length - 1];
  if (invoice.status === "paid") {
    return { status: "paid", chainId: last?.chain_id ?? null, txHash: last?.tx_hash ?? null };
  }
  const confirming = invoice.payments.find((payment) => payment.status === "confirming");
  if (confirming) {
    const required =
      invoice.chains.find((chain) => chain.id === confirming.chain_id)?.confirmations ?? 1;
    return {
      status: "confirming",
      chainId: confirming.chain_id,
      txHash: confirming.tx_hash,
      confirmations: Math.min(confirming.confirmations, required),
      required,
    };
  }
  const pending = invoice.submissions.find((submission) => submission.status === "pending");
  if (pending) {
    return { status: "sent", chainId: pending.chain_id, txHash: pending.tx_hash, seen: true };
  }
  if (sending) return { status: "sent", chainId: null, txHash: null, seen: false };
  const hint = unseenHint(invoice.submissions, setAside);
  if (hint) return { status: "sent", chainId: hint.chain_id, txHash: hint.tx_hash, seen: false };
  return { status: "awaiting" };
}
