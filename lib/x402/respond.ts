import type { X402Answer } from "./payResource";

/** The header a payer sends its x402 payment in. */
export const PAYMENT_SIGNATURE_HEADER = "payment-signature";

/** An x402 answer as an HTTP response; the headers' names are exposed to browsers' fetch. */
export function x402Response(answer: X402Answer): Response {
  const headers = new Headers(answer.headers);
  headers.set("access-control-expose-headers", "PAYMENT-REQUIRED, PAYMENT-RESPONSE");
  return Response.json(answer.body, { status: answer.status, headers });
}
