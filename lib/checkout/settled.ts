/** The fields that say whether an invoice can still change in front of the shopper. */
export type SettledInput = {
  status: "open" | "processing" | "paid" | "expired" | "canceled";
  payments: readonly { status: "confirming" | "confirmed" }[];
  submissions: readonly { status: string }[];
};

/**
 * Final for the checkout page: paid, expired or canceled, with no transaction still pending and
 * no payment still confirming. An expired invoice is final too, although a late payment may
 * still land within the monitoring window: the page then learns it on reload.
 */
export function isSettled(invoice: SettledInput): boolean {
  const waiting =
    invoice.submissions.some((submission) => submission.status === "pending") ||
    invoice.payments.some((payment) => payment.status === "confirming");
  return !waiting && invoice.status !== "open" && invoice.status !== "processing";
}
