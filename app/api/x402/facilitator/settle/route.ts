import { limitX402Facilitator } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { apiRoute, json } from "@/lib/api/route";
import { parseInput } from "@/lib/errors";
import { facilitatorSettle } from "@/lib/x402/merchantFacilitator";
import { facilitatorRequestBody } from "@/lib/x402/schemas";

/**
 * The x402 facilitator's settle, for the calling merchant's own payments (Bearer API key, as
 * @x402/core's HTTPFacilitatorClient sends it with createAuthHeaders).
 */
export const POST = apiRoute(async ({ request, db, auth }) => {
  limitX402Facilitator(auth.keyId);
  const body = parseInput(facilitatorRequestBody, await readJsonBody(request));
  return json(await facilitatorSettle(db, auth.merchant, auth.livemode, body));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
