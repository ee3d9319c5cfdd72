import { decodePaymentSignatureHeader } from "@x402/core/http";
import { PaymentPayloadV2Schema, PaymentRequirementsV2Schema } from "@x402/core/schemas";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { z } from "zod";
import { X402Refusal } from "./refusal";
import type { OptionRequirement } from "./requirements";

/** A PAYMENT-SIGNATURE header longer than this is refused unread (a real one is under 2 KB). */
export const MAX_PAYMENT_HEADER_BYTES = 8 * 1024;

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const uint = z.string().regex(/^[0-9]{1,78}$/);

/** The `exact` scheme's EIP-3009 payload, checked before anything reads the chain. */
const exactPayloadSchema = z.object({
  signature: z.string().regex(/^0x[0-9a-fA-F]{2,4096}$/),
  authorization: z.strictObject({
    from: address,
    to: address,
    value: uint,
    validAfter: uint,
    validBefore: uint,
    nonce: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  }),
});

/**
 * The x402 v2 payment in a PAYMENT-SIGNATURE header, checked with the protocol's own schema and,
 * for its `exact` EIP-3009 payload, field by field: a malformed header costs no chain read.
 */
export function parsePaymentHeader(header: string): PaymentPayload {
  if (header.length > MAX_PAYMENT_HEADER_BYTES) {
    throw new X402Refusal("invalid_payload", "The PAYMENT-SIGNATURE header is too long.");
  }
  let decoded: unknown;
  try {
    decoded = decodePaymentSignatureHeader(header.trim());
  } catch {
    throw new X402Refusal(
      "invalid_payload",
      "The PAYMENT-SIGNATURE header is not base64-encoded JSON.",
    );
  }
  return parsePaymentPayload(decoded);
}

/** An x402 v2 `exact` EIP-3009 payment payload, from a header or a facilitator request. */
export function parsePaymentPayload(decoded: unknown): PaymentPayload {
  const parsed = PaymentPayloadV2Schema.safeParse(decoded);
  if (!parsed.success) {
    const version = (decoded as { x402Version?: unknown } | null)?.x402Version;
    throw new X402Refusal(
      version !== undefined && version !== 2 ? "invalid_x402_version" : "invalid_payload",
      version !== undefined && version !== 2
        ? "Only x402 version 2 payments are taken here."
        : "The payment is not an x402 v2 payment payload.",
    );
  }
  const payload = parsed.data as PaymentPayload;
  if (
    payload.accepted.scheme !== "exact" ||
    !exactPayloadSchema.safeParse(payload.payload).success
  ) {
    throw new X402Refusal(
      "invalid_payload",
      "Only the exact scheme's EIP-3009 authorizations are taken here.",
    );
  }
  return payload;
}

/** x402 v2 payment requirements, as a merchant's resource server sends them to the facilitator. */
export function parseRequirements(decoded: unknown): PaymentRequirements {
  const parsed = PaymentRequirementsV2Schema.safeParse(decoded);
  if (!parsed.success) {
    throw new X402Refusal(
      "invalid_payment_requirements",
      "paymentRequirements is not an x402 v2 payment requirement.",
    );
  }
  return parsed.data as PaymentRequirements;
}

/** Two requirements ask for the same payment (scheme, network, asset, recipient, amount). */
export function sameRequirement(a: PaymentRequirements, b: PaymentRequirements): boolean {
  return (
    a.scheme === b.scheme &&
    a.network === b.network &&
    a.asset.toLowerCase() === b.asset.toLowerCase() &&
    a.payTo.toLowerCase() === b.payTo.toLowerCase() &&
    a.amount === b.amount
  );
}

/** The offered requirement a payment says it accepted (scheme, network, asset, recipient, amount). */
export function acceptedRequirement(
  offered: readonly OptionRequirement[],
  payload: PaymentPayload,
): OptionRequirement | null {
  return offered.find((entry) => sameRequirement(entry.requirements, payload.accepted)) ?? null;
}
