import { z } from "zod";

/**
 * The body @x402/core's HTTPFacilitatorClient posts to /verify and /settle. The payment and its
 * requirements are checked with the protocol's own schemas (lib/x402/paymentHeader.ts).
 */
export const facilitatorRequestBody = z
  .object({
    x402Version: z.literal(2),
    paymentPayload: z
      .record(z.string(), z.unknown())
      .meta({ description: "The payer's x402 v2 PaymentPayload (exact scheme, EIP-3009)." }),
    paymentRequirements: z
      .record(z.string(), z.unknown())
      .meta({ description: "The requirement it pays; `payTo` must be your settlement address." }),
  })
  .meta({ id: "X402FacilitatorRequest" });

/** One x402 v2 `exact` requirement (documentation of what the 402 answers carry). */
export const x402RequirementSchema = z
  .object({
    scheme: z.literal("exact"),
    network: z.string().meta({ description: "CAIP-2, `eip155:<chain id>`." }),
    asset: z.string().meta({ description: "The token's address." }),
    amount: z.string().meta({ description: "Base units of the token, the amount due." }),
    payTo: z.string().meta({ description: "The merchant's address on that chain." }),
    maxTimeoutSeconds: z.number().int(),
    extra: z.object({ name: z.string(), version: z.string() }).meta({
      description: "The token's EIP-712 domain name and version.",
    }),
  })
  .meta({ id: "X402PaymentRequirements" });

/** The 402 answer's body (the same JSON as its PAYMENT-REQUIRED header, base64-decoded). */
export const x402PaymentRequiredSchema = z
  .object({
    x402Version: z.literal(2),
    error: z.string().optional().meta({
      description:
        "Why the payment sent was refused: `<reason>: <sentence>`. Absent on the first 402.",
    }),
    resource: z.object({ url: z.string(), description: z.string(), mimeType: z.string() }),
    accepts: z.array(x402RequirementSchema),
  })
  .meta({ id: "X402PaymentRequired" });

export const x402SupportedSchema = z
  .object({
    kinds: z.array(
      z.object({ x402Version: z.literal(2), scheme: z.literal("exact"), network: z.string() }),
    ),
    extensions: z.array(z.string()),
    signers: z.record(z.string(), z.array(z.string())),
  })
  .meta({ id: "X402Supported" });

export const x402VerifyResponseSchema = z
  .object({
    isValid: z.boolean(),
    invalidReason: z.string().optional(),
    invalidMessage: z.string().optional(),
    payer: z.string().optional(),
  })
  .meta({ id: "X402VerifyResponse" });

export const x402SettleResponseSchema = z
  .object({
    success: z.boolean(),
    errorReason: z.string().optional(),
    errorMessage: z.string().optional(),
    payer: z.string().optional(),
    transaction: z.string(),
    network: z.string(),
    extra: z
      .object({ invoice: z.string().nullable() })
      .optional()
      .meta({ description: "The invoice the settlement was recorded as." }),
  })
  .meta({ id: "X402SettleResponse" });
