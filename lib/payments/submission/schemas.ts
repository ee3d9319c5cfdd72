import { z } from "zod";

/** POST /api/checkout/{id}/payments: the hash the shopper's wallet returned. */
export const submitPaymentBody = z.strictObject({
  chain_id: z.number("must be a number").int("must be a whole number").positive("must be positive"),
  tx_hash: z
    .string("must be a string")
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a transaction hash: 0x followed by 64 hex digits")
    .transform((value) => value.toLowerCase() as `0x${string}`),
});
