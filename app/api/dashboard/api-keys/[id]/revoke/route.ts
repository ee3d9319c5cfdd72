import { dashboardMerchantRoute } from "@/lib/api/dashboardRoute";
import { otherMethods } from "@/lib/api/methods";
import { json } from "@/lib/api/route";
import { revokeApiKey } from "@/lib/merchants/apiKeys";

export const dynamic = "force-dynamic";

/** Revokes one of the merchant's keys; the API refuses it from the next request on. */
export const POST = dashboardMerchantRoute<{ id: string }>(async ({ params, db, merchantId }) =>
  json(await revokeApiKey(db, { merchantId, keyId: params.id })),
);

// Other methods get a JSON 405 naming these, not an empty answer.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
