import { limitX402Payments } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { publicRoute } from "@/lib/api/route";
import { payInvoiceOverX402 } from "@/lib/x402/payResource";
import { PAYMENT_SIGNATURE_HEADER, x402Response } from "@/lib/x402/respond";

/**
 * An invoice over x402 v2: 402 with its `exact` requirements while payable; with a
 * PAYMENT-SIGNATURE, settled through the relayer and answered 200 with the paid invoice.
 */
export const GET = publicRoute<{ id: string }>(async ({ request, params, db }) => {
  const header = request.headers.get(PAYMENT_SIGNATURE_HEADER);
  if (header) limitX402Payments(request);
  return x402Response(await payInvoiceOverX402(db, { invoiceId: params.id, header }));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
