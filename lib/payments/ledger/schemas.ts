import { z } from "zod";
import { unmatchedPayments } from "../../db/schema";
import { address, baseUnits, decimal, hex, listSchema, timestamp } from "../../schemaFields";

export const unmatchedPaymentSchema = z
  .object({
    id: z.string().meta({ examples: ["unp_01m883hj1m37h8eehqa0k8fx3a"] }),
    object: z.literal("unmatched_payment"),
    livemode: z.boolean(),
    // The table's own reasons: documented, every one, and no other.
    reason: z.enum(unmatchedPayments.reason.enumValues).meta({
      description:
        "Why nothing was credited. below_minimum: under the dust floor (no event is sent). other_currency: its reference named an invoice, but it paid in a token of another currency. not_accepted: a token or chain the merchant does not accept, or the other mode's. invoice_not_payable: the invoice it named was past its monitoring window. ambiguous: calls in one transaction named different invoices for it. no_invoice: no reference, and no open invoice held its exact amount.",
    }),
    invoice: z
      .string()
      .nullable()
      .meta({ description: "The invoice the transfer's reference named, if it named one." }),
    chain_id: z.number().int(),
    tx_hash: hex,
    log_index: z.number().int(),
    block_number: z.string().regex(/^\d+$/),
    from: address.meta({ description: "Who sent it: the address to refund." }),
    to: address.meta({ description: "The merchant's address it was paid to." }),
    token: address,
    token_symbol: z.string(),
    token_decimals: z.number().int(),
    amount: baseUnits,
    currency_amount: decimal.meta({ description: "The same amount in the token's currency." }),
    currency: z.string().meta({ description: "The token's currency, such as USD or EUR." }),
    created_at: timestamp,
  })
  .meta({
    id: "UnmatchedPayment",
    description:
      "A transfer to the merchant's address that credited no invoice: the money is the merchant's, to refund or to settle by hand.",
  });

export const unmatchedPaymentListSchema = listSchema(
  unmatchedPaymentSchema,
  "UnmatchedPaymentList",
);
