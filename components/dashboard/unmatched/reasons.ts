import type { ApiUnmatchedPayment } from "@/lib/payments/ledger/unmatchedPayments";

export type UnmatchedReason = ApiUnmatchedPayment["reason"];

/** Why a transfer credited nothing, in a few words (the list's filter and each row's badge). */
export const REASON_LABELS: Record<UnmatchedReason, string> = {
  no_invoice: "No matching invoice",
  other_currency: "Paid in another currency",
  not_accepted: "Token or chain not accepted",
  invoice_not_payable: "Invoice no longer payable",
  ambiguous: "Unclear which invoice",
  below_minimum: "Dust",
};

/** What happened, as a sentence. */
export function reasonDetail(
  payment: Pick<ApiUnmatchedPayment, "reason" | "token_symbol" | "currency">,
): string {
  switch (payment.reason) {
    case "no_invoice":
      return "It named no invoice, and no open invoice was waiting for exactly this amount (a manual transfer of the wrong amount, for example).";
    case "other_currency":
      return `It named an invoice in another currency, but paid in ${payment.token_symbol} (${payment.currency}).`;
    case "not_accepted":
      return "It was sent in a token or on a chain you do not accept, or in the other mode's money.";
    case "invoice_not_payable":
      return "It named an invoice that had expired and was past the time payments are still accepted.";
    case "ambiguous":
      return "Calls in one transaction named different invoices for this transfer.";
    case "below_minimum":
      return "Too small to credit. Tiny transfers are often sent from a look-alike address to trick you into copying it: check before sending anything back.";
  }
}

export const UNMATCHED_REASONS = Object.keys(REASON_LABELS) as UnmatchedReason[];
