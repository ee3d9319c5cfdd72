/** Where the shopper stands, as the checkout's stepper shows it. */
export type CheckoutStage =
  | { step: "awaiting" }
  | { step: "sent"; chainId: number | null; txHash: string | null }
  | { step: "confirming"; chainId: number; txHash: string; confirmations: number; required: number }
  | { step: "paid"; chainId: number | null; txHash: string | null };

export const STEPS = ["awaiting", "sent", "confirming", "paid"] as const;

type StageInput = {
  status: "open" | "processing" | "paid" | "expired" | "canceled";
  payments: readonly {
    chain_id: number;
    tx_hash: string;
    confirmations: number;
    status: "confirming" | "confirmed";
  }[];
  submissions: readonly { chain_id: number; tx_hash: string; status: string }[];
  chains: readonly { id: number; confirmations: number }[];
};

/**
 * The stepper's step: paid once the invoice is; confirming while a payment is short of its
 * chain's confirmations; sent while a posted transaction awaits its receipt (or the page is
 * posting one); otherwise awaiting payment.
 */
export function checkoutStage(invoice: StageInput, sending: boolean): CheckoutStage {
  const last = invoice.payments[invoice.payments.length - 1];
  if (invoice.status === "paid") {
    return { step: "paid", chainId: last?.chain_id ?? null, txHash: last?.tx_hash ?? null };
  }
  const confirming = invoice.payments.find((payment) => payment.status === "confirming");
  if (confirming) {
    const required =
      invoice.chains.find((chain) => chain.id === confirming.chain_id)?.confirmations ?? 1;
    return {
      step: "confirming",
      chainId: confirming.chain_id,
      txHash: confirming.tx_hash,
      confirmations: Math.min(confirming.confirmations, required),
      required,
    };
  }
  const pending = invoice.submissions.find((submission) => submission.status === "pending");
  if (pending) return { step: "sent", chainId: pending.chain_id, txHash: pending.tx_hash };
  if (sending) return { step: "sent", chainId: null, txHash: null };
  return { step: "awaiting" };
}
