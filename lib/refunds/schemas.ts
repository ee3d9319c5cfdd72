import { getAddress, isAddress } from "viem";
import { z } from "zod";

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
