import { limitX402Payments } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { publicRoute } from "@/lib/api/route";
import { payLinkOverX402 } from "@/lib/x402/payResource";
import { PAYMENT_SIGNATURE_HEADER, x402Response } from "@/lib/x402/respond";

/**
 * A payment link over x402 v2 (`?amount=` when its amount is open): 402 with its requirements;
 * each paid request issues an invoice from the link, settles the payment to it, and answers it.
 */
export const GET = publicRoute<{ id: string }>(async ({ request, params, db }) => {
  const header = request.headers.get(PAYMENT_SIGNATURE_HEADER);
  if (header) limitX402Payments(request);
  const amount = new URL(request.url).searchParams.get("amount") ?? undefined;
  return x402Response(await payLinkOverX402(db, { linkId: params.id, header, amount }));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
