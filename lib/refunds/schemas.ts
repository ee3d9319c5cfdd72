import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { address, baseUnits, decimal, hex, timestamp } from "../schemaFields";

/** What the dashboard posts once the merchant's wallet has sent a refund. */
export const recordRefundBody = z.strictObject({
  payment_id: z.string("must be a payment id").min(1).max(64),
  chain_id: z.number("must be a chain id").int().positive(),
  tx_hash: z
    .string("must be a transaction hash")
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a transaction hash (0x and 64 hex digits)")
    .transform((value) => value.toLowerCase() as `0x${string}`),
  to: z
    .string("must be an address")
    .refine((value) => isAddress(value, { strict: false }), "must be an EVM address")
    .transform((value) => getAddress(value)),
  amount: z
    .string('must be a decimal string such as "4.00"')
    .max(100)
    .meta({ description: "In the payment's token, as a decimal string." }),
});

export type RecordRefundBody = z.output<typeof recordRefundBody>;

export const refundSchema = z
  .object({
    id: z.string().meta({ examples: ["ref_01m883hj1m37h8eehqa0k8fx3a"] }),
    chain_id: z.number().int(),
    tx_hash: hex,
    from: address.meta({ description: "The merchant's wallet that sent the refund." }),
    to: address.meta({
      description: "Who received it: the payer, or an address the merchant chose.",
    }),
    token: address,
    token_symbol: z.string(),
    token_decimals: z.number().int(),
    amount: decimal.meta({ description: "In the invoice's currency." }),
    token_amount: baseUnits,
    confirmations: z.number().int(),
    status: z.enum(["confirming", "confirmed"]).meta({
      description: "Only confirmed refunds count in amount_refunded.",
    }),
    created_at: timestamp,
  })
  .meta({
    id: "Refund",
    description: "A transfer from the merchant back to the payer, verified on-chain.",
  });
