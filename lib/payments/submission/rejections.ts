/** Why a transaction cannot pay an invoice; the checkout page turns each into a sentence. */
export type RejectionCode =
  | "wrong_chain"
  | "transaction_failed"
  | "no_matching_transfer"
  | "reference_mismatch"
  | "amount_too_small"
  | "token_not_accepted"
  | "transaction_already_used"
  | "invoice_not_payable";

/** One sentence a shopper can act on, per rejection code. */
export function rejectionMessage(code: RejectionCode): string {
  switch (code) {
    case "wrong_chain":
      return "This invoice cannot be paid on that network; choose one of the networks it offers.";
    case "transaction_failed":
      return "The transaction failed on-chain, so nothing was paid; you can try again.";
    case "no_matching_transfer":
      return "The transaction does not send an accepted token to this merchant's address.";
    case "amount_too_small":
      return "The transfer is below the smallest amount a payment may be, so it was not counted; pay the amount due.";
    case "token_not_accepted":
      return "The transaction pays in a token this invoice does not take; the merchant can see it and refund it.";
    case "reference_mismatch":
      return "The transaction does not carry this invoice's reference; it paid something else.";
    case "transaction_already_used":
      return "This transaction has already paid a different invoice.";
    case "invoice_not_payable":
      return "This invoice can no longer be paid; ask the merchant for a new one.";
  }
}
