import { otherMethods } from "@/lib/api/methods";
import { apiRoute, json } from "@/lib/api/route";
import { supportedKinds } from "@/lib/x402/merchantFacilitator";

/** What the facilitator settles: the exact scheme on every chain with a relayer. */
export const GET = apiRoute(async () => json(supportedKinds()));

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
