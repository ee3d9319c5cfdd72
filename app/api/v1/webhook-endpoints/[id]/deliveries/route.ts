import { searchParamsObject } from "@/lib/api/listParams";
import { otherMethods } from "@/lib/api/methods";
import { parseInput } from "@/lib/api/parse";
import { apiRoute, json } from "@/lib/api/route";
import { listDeliveries, listDeliveriesQuery } from "@/lib/webhooks/deliveries";
import { findMerchantWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const GET = apiRoute<{ id: string }>(async ({ request, params, db, auth }) => {
  const endpoint = await findMerchantWebhookEndpoint(
    db,
    auth.merchant.id,
    auth.livemode,
    params.id,
  );
  const query = parseInput(listDeliveriesQuery, searchParamsObject(request.url));
  return json(await listDeliveries(db, endpoint.id, query));
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
