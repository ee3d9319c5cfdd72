import { z } from "zod";

const uint = (what: string) =>
  z
    .string("must be a string of digits")
    .regex(/^\d{1,78}$/, `must be ${what} as a decimal string of digits`)
    .transform((value) => BigInt(value))
    .refine((value) => value < 1n << 256n, "must fit in 256 bits");

const address = z
  .string("must be a string")
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be an address: 0x followed by 40 hex digits")
  .transform((value) => value as `0x${string}`);

/**
 * POST /api/checkout/{id}/authorizations: an EIP-3009 authorization signed for a payment option.
 * A contract wallet's ERC-1271 signature may be long; 4 KiB is far above any real one.
 */
export const postAuthorizationBody = z.strictObject({
  chain_id: z.number("must be a number").int("must be a whole number").positive("must be positive"),
  token: address,
  from: address,
  to: address.optional(),
  value: uint("an amount in the token's base units"),
  valid_after: uint("a unix time"),
  valid_before: uint("a unix time"),
  nonce: z
    .string("must be a string")
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes: 0x followed by 64 hex digits")
    .transform((value) => value as `0x${string}`),
  signature: z
    .string("must be a string")
    .regex(/^0x(?:[0-9a-fA-F]{2}){1,4096}$/, "must be a hex signature of at most 4096 bytes")
    .transform((value) => value as `0x${string}`),
});

export const authorizationAcceptedSchema = z
  .object({
    status: z.literal("processing"),
    tx_hash: z.templateLiteral(["0x", z.string().regex(/^[0-9a-fA-F]{64}$/)]),
  })
  .meta({
    id: "AuthorizationAccepted",
    description:
      "The relayer broadcast the transfer; the invoice goes to processing, then paid, as for any payment (events and webhooks included).",
  });
